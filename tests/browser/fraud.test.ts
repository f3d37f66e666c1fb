// Fraud in real Chromium (docs/fraud.md): cookie stuffing by a hidden cross-site iframe, an
// automated browser held for review by the reference collector's default rules, a forged
// script-written cookie against a signed server cookie, and a click flood from one page.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector } from '../../collector/src/collector';
import { journeyCookieHandler, readJourney, toNodeHandler } from '../../src/server';
import { encodeJourney } from '../../src/store/codec';
import { launch, merchantPage, startServer, type TestServer } from './harness';
import { adminApi, mountCollector } from './reference-collector';

const SECRET = 'browser-test-secret-0123456789';
let server: TestServer;
let collector: Collector;
beforeAll(async () => {
  server = await startServer();
  server.route('/reftrace.full.min.js', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    res.end(readFileSync(new URL('../../dist/reftrace.full.min.js', import.meta.url)));
  });
});
afterAll(async () => {
  expect(server.invalid).toEqual([]);
  await server.close();
  await collector?.close();
});

const endpoint = () => server.url('collect.test', '/collect');
const ready = (page: Page) => page.evaluate(() => new Promise((r) => (window as any).reftrace('ready', () => r(1))));
const touchpoints = (page: Page) => page.evaluate(() => new Promise<any[]>((r) => (window as any).reftrace('ready', (t: any) => r(t.touchpoints()))));
const flush = (page: Page) => page.evaluate(() => (window as any).reftrace('flush'));
const idOf = (page: Page) => page.evaluate(() => new Promise<string>((r) => (window as any).reftrace('track', 'probe').then((e: any) => r(e.anonymousId))));

describe('cookie stuffing by hidden iframe', () => {
  it("a partner page that loads the shop's ?ref= landing in a hidden cross-site frame earns nothing", async () => {
    server.route('/land', merchantPage({ init: { endpoint: endpoint() } }));
    server.route('/shop', merchantPage({ init: { endpoint: endpoint() }, body: `<button id="buy" onclick="reftrace('convert', {orderId: 'STUFF-1', amount: 20, currency: 'USD'})">buy</button>` }));
    const landing = server.url('shop.test', '/land?ref=stuffer');
    server.route('/stuffing', `<!doctype html><p>10 best shoes</p><iframe id="f" src="${landing}" style="display:none" width="0" height="0"></iframe>`);
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      await page.goto(server.url('partner.test', '/stuffing'));
      const frame = page.frames().find((f) => f.url().startsWith(landing))!;
      await frame.waitForFunction(() => (window as any).reftrace?.loaded);
      // Inside the frame the tracker ran, and kept no touch of the landing.
      expect(await touchpoints(frame as unknown as Page)).toEqual([]);
      await flush(frame as unknown as Page);

      // The visitor later comes to the shop on their own and buys.
      await page.goto(server.url('shop.test', '/shop'));
      await ready(page);
      await page.click('#buy');
      const [conversion] = await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == 'STUFF-1');
      expect(conversion.award).toMatchObject({ ref: null, reason: 'no_partner_touch' });
      expect(conversion.touchpoints).toEqual([]);
      expect(server.events.filter((e) => e.type == 'click' && e.touchpoint.ref == 'stuffer')).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('an automated browser', () => {
  beforeAll(async () => {
    // The reference collector (default fraud rules) behind the shop's own `/rc/e`.
    collector = await mountCollector(server, '/rc/e', { commission: { sale: { percent: 10 } } });
  }, 180_000);

  it('converts with the automation signal, and the collector holds the commission for review', async () => {
    server.route('/bot', merchantPage({ init: { endpoint: server.url('shop.test', '/rc/e') }, body: `<button id="buy" onclick="reftrace('convert', {orderId: 'BOT-1', amount: 50, currency: 'USD'})">buy</button>` }));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      await page.goto(server.url('shop.test', '/bot?ref=alice'));
      await ready(page);
      await page.click('#buy');
      await flush(page);
      const api = (path: string) => adminApi(collector, path);
      let held: any[] = [];
      for (let i = 0; i < 100 && !held.length; i++) {
        held = await api('/conversions?status=pending');
        if (!held.length) await new Promise((r) => setTimeout(r, 50));
      }
      expect(held).toHaveLength(1);
      expect(held[0]).toMatchObject({ orderId: 'BOT-1', ref: 'alice', commission: 500, status: 'pending' });
      expect(held[0].reasons.map((r: { rule: string }) => r.rule)).toContain('browser_signals');
      const [stored] = await collector.db.query(`SELECT body FROM events WHERE type = 'conversion'`);
      expect(stored.body.signals).toMatchObject({ automated: true, recentClicks: 1, sinceClick: expect.any(Number) });
      expect(stored.body.touchpoints[0].signals).toMatchObject({ automated: true });
      // Held is not paid.
      expect(await api('/payouts')).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);
});

describe('a signed server cookie', () => {
  it('reports a forged script-written cookie claiming another partner as unverified', async () => {
    const handle = toNodeHandler(journeyCookieHandler({ secret: SECRET }));
    server.route('/rt-signed', (req, res, body) => handle(req, res, body));
    server.route('/api/verify', async (req, res) => {
      const verified = await readJourney(req.headers.cookie, { secret: SECRET });
      const claimed = readJourney(req.headers.cookie);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          trust: verified.trust,
          signed: verified.journey?.touchpoints.map((t) => t.ref),
          unverified: verified.unverified.map((t) => t.ref),
          claimed: claimed?.touchpoints.map((t) => t.ref),
        }),
      );
    });
    server.route('/signed', merchantPage({ data: { endpoint: endpoint(), 'server-cookie': '/rt-signed' } }).replace('/reftrace.min.js', '/reftrace.full.min.js'));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      const posted = page.waitForResponse((r) => r.url().endsWith('/rt-signed') && r.request().method() == 'POST');
      await page.goto(server.url('shop.test', '/signed?ref=alice'));
      expect((await posted).status()).toBe(204);
      expect((await context.cookies()).find((c) => c.name == '_reftrace_s')!.value).toMatch(/^1\.[\w-]+\.[\w-]{43}$/);
      const anonymousId = await idOf(page);
      // A script (an extension, a hostile widget) rewrites the journey cookie: mallory's touch, back-dated two hours.
      const forged = encodeJourney({ anonymousId, touchpoints: [{ id: 'forged', ts: Date.now() - 72e5, ref: 'mallory', channel: 'affiliate', landing: '/?ref=mallory' }] });
      await page.evaluate((value) => (document.cookie = `_reftrace=${value}; path=/; domain=shop.test`), forged);
      const verify = () => page.evaluate(() => fetch('/api/verify').then((r) => r.json()));
      expect(await verify()).toEqual({ trust: 'signed', signed: ['alice'], unverified: ['mallory'], claimed: ['mallory', 'alice'] });
      // The next page merges the forged touch and posts it to the server: it is not signed.
      const again = page.waitForResponse((r) => r.url().endsWith('/rt-signed') && r.request().method() == 'POST');
      await page.goto(server.url('shop.test', '/signed'));
      await again;
      expect(await verify()).toEqual({ trust: 'signed', signed: ['alice'], unverified: ['mallory'], claimed: ['mallory', 'alice'] });
      // An edit of the signed cookie itself is tampering.
      const signed = (await context.cookies()).find((c) => c.name == '_reftrace_s')!;
      await context.addCookies([{ ...signed, value: forged + '.' + signed.value.split('.')[2] }]);
      expect(await verify()).toMatchObject({ trust: 'tampered' });
    } finally {
      await close();
    }
  }, 180_000);
});

describe('a click flood', () => {
  it('from one page records one touch per partner and sends a bounded number of click events', async () => {
    server.route('/flood', merchantPage({ init: { endpoint: endpoint() } }));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      // The same partner's link, reloaded with ever new parameters: one visit, one click.
      for (let i = 0; i < 3; i++) {
        await page.goto(server.url('shop.test', `/flood?ref=flooder&utm_content=${i}`));
        await ready(page);
      }
      const anonymousId = await idOf(page);
      // Then a script on the page cycles through 200 links of 100 partners.
      await page.evaluate(() => {
        for (let i = 0; i < 200; i++) history.pushState({}, '', `/flood?ref=farm${i % 100}&utm_content=${i}`);
      });
      await flush(page);
      await server.waitFor((e) => e.type == 'track' && e.anonymousId == anonymousId);
      const clicks = () => server.events.filter((e) => e.type == 'click' && e.anonymousId == anonymousId);
      await server.waitFor((e) => e.type == 'click' && e.anonymousId == anonymousId, 10);
      await flush(page);
      expect(clicks()).toHaveLength(10);
      expect(clicks().filter((e) => e.touchpoint.ref == 'flooder')).toHaveLength(1);
      const journey = await touchpoints(page);
      // One touch per partner, the journey's cap of 50 keeping the newest; the count says what happened.
      expect(journey.filter((t) => t.ref == 'farm99')).toHaveLength(1);
      expect(journey.at(-1).signals.recentClicks).toBe(journey.length);
    } finally {
      await close();
    }
  }, 180_000);
});
