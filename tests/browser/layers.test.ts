// The opt-in layers of dist/reftrace.full.min.js in real Chromium: the cookie set by the
// merchant's server (reftrace/server mounted on the test server) and the journey carried to
// another domain by a decorated link.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { award, journeyCookieHandler, readJourney, toNodeHandler } from '../../src/server';
import { encodeJourney } from '../../src/store/codec';
import { launch, merchantPage, startServer, type PageOptions, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.route('/reftrace.full.min.js', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    res.end(readFileSync(new URL('../../dist/reftrace.full.min.js', import.meta.url)));
  });
  server.route('/blank', '<!doctype html><title>no script</title>');
});
afterAll(async () => {
  expect(server.invalid).toEqual([]);
  await server.close();
});

const endpoint = () => server.url('collect.test', '/collect');
const fullPage = (options: PageOptions) => merchantPage(options).replace('/reftrace.min.js', '/reftrace.full.min.js');
const convertOn = (id: string) => `<button id="buy" onclick="reftrace('convert', {orderId: '${id}', amount: 10, currency: 'USD'})">buy</button>`;
const ready = (page: Page) => page.evaluate(() => new Promise((r) => (window as any).reftrace('ready', () => r(1))));
const refs = (page: Page) => page.evaluate(() => new Promise((r) => (window as any).reftrace('ready', (t: any) => r(t.touchpoints().map((tp: any) => tp.ref)))));
const conversion = async (page: Page, id: string) => {
  await page.click('#buy');
  return (await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == id))[0];
};

describe('server-set cookie', () => {
  it('is set by the server helper once per change, outlives cleared script storage and attributes server-side', async () => {
    const rt: string[] = [];
    const handle = toNodeHandler(journeyCookieHandler({ windowDays: 30 }));
    server.route('/rt', (req, res, body) => {
      rt.push(req.method!);
      handle(req, res, body);
    });
    // A checkout endpoint of the merchant: who earns the commission, from the request's cookies alone.
    server.route('/api/checkout', (req, res) => {
      const journey = readJourney(req.headers.cookie);
      const winner = award(journey?.touchpoints || [], { ts: Date.now(), amount: 4999 });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ref: winner.ref, anonymousId: journey?.anonymousId }));
    });
    server.route('/srv', fullPage({ data: { endpoint: endpoint(), 'server-cookie': '/rt' } }));
    server.route('/srv-next', fullPage({ init: { endpoint: endpoint(), serverCookie: '/rt' } }));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      const posted = page.waitForResponse((r) => r.url().endsWith('/rt') && r.request().method() == 'POST');
      await page.goto(server.url('shop.test', '/srv?ref=server_partner'));
      const response = await posted;
      const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'server_partner');
      expect(response.status()).toBe(204);
      expect(await response.headerValue('set-cookie')).toMatch(/^_reftrace_s=1\.[\w-]+; Path=\/; Max-Age=2592000; SameSite=Lax$/);
      const cookie = (await context.cookies()).find((c) => c.name == '_reftrace_s')!;
      expect(cookie).toMatchObject({ httpOnly: false, sameSite: 'Lax', path: '/' });
      expect(Math.abs(cookie.expires - (Date.now() / 1000 + 30 * 86400))).toBeLessThan(120);
      const parsed = readJourney(`_reftrace_s=${cookie.value}`);
      expect([parsed?.anonymousId, parsed?.touchpoints.map((t) => t.ref)]).toEqual([click.anonymousId, ['server_partner']]);

      // Another page, nothing new: no request.
      await page.goto(server.url('shop.test', '/srv-next'));
      await ready(page);
      await new Promise((r) => setTimeout(r, 300));
      expect(rt).toEqual(['POST']);

      // What Safari's 7-day cap does to script-written storage: only the server cookie is left.
      await context.clearCookies({ name: '_reftrace' });
      await page.goto(server.url('shop.test', '/blank'));
      await page.evaluate(() => (localStorage.clear(), new Promise((r) => (indexedDB.deleteDatabase('reftrace').onsuccess = r))));
      await page.goto(server.url('shop.test', '/srv-next'));
      expect(await refs(page)).toEqual(['server_partner']);
      expect((await context.cookies()).find((c) => c.name == '_reftrace')).toBeDefined();
      expect(await page.evaluate(() => fetch('/api/checkout').then((r) => r.json()))).toEqual({ ref: 'server_partner', anonymousId: click.anonymousId });

      // Consent withdrawn: the server clears its cookie.
      const deleted = page.waitForResponse((r) => r.url().endsWith('/rt') && r.request().method() == 'DELETE');
      await page.evaluate(() => (window as any).reftrace('consent', 'denied'));
      expect((await deleted).status()).toBe(204);
      expect(await context.cookies()).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('cross-domain', () => {
  const token = (age: number) =>
    (Date.now() - age).toString(36) +
    '.' +
    encodeJourney({ anonymousId: 'carried', touchpoints: [{ id: 'tp-carried', ts: Date.now() - age - 1000, ref: 'carried_partner', channel: 'affiliate', landing: '/?ref=carried_partner' }] });

  it('carries the referral through a decorated link to another domain', async () => {
    server.route(
      '/shop',
      fullPage({ init: { endpoint: endpoint(), decorate: { domains: ['*.other.test', 'checkout.test'] } }, body: `<a id="go" href="${server.url('checkout.test', '/pay?step=1')}">pay</a>` }),
    );
    server.route('/pay', fullPage({ data: { endpoint: endpoint(), decorate: 'shop.test' }, body: convertOn('order-xd') }));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      await page.goto(server.url('shop.test', '/shop?ref=xd_partner'));
      const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'xd_partner');
      await ready(page);
      await Promise.all([page.waitForURL(/checkout\.test/), page.click('#go')]);
      await ready(page);
      expect(page.url()).toBe(server.url('checkout.test', '/pay?step=1'));
      const event = await conversion(page, 'order-xd');
      expect(event.anonymousId).toBe(click.anonymousId);
      expect(event.context.referrer).toBeUndefined();
      expect(event.touchpoints.map((t: any) => t.id)).toEqual([click.touchpoint.id]);
      expect(event.award.ref).toBe('xd_partner');
      expect(event.attribution.credits).toMatchObject([{ ref: 'xd_partner', amount: 1000 }]);
    } finally {
      await close();
    }
  });

  it('takes a fresh token and ignores an expired one', async () => {
    server.route('/pay-fresh', fullPage({ init: { endpoint: endpoint(), decorate: { domains: ['shop.test'] } }, body: convertOn('order-fresh-token') }));
    server.route('/pay-late', fullPage({ init: { endpoint: endpoint(), decorate: { domains: ['shop.test'] } }, body: convertOn('order-expired-token') }));
    const { browser, close } = await launch(server);
    try {
      let page = await (await browser.newContext()).newPage();
      await page.goto(server.url('checkout.test', '/pay-fresh?_rt=' + token(60e3)));
      await ready(page);
      expect((await conversion(page, 'order-fresh-token')).award.ref).toBe('carried_partner');

      page = await (await browser.newContext()).newPage();
      await page.goto(server.url('checkout.test', '/pay-late?_rt=' + token(11 * 60e3)));
      await ready(page);
      expect(page.url()).toBe(server.url('checkout.test', '/pay-late'));
      const late = await conversion(page, 'order-expired-token');
      expect([late.anonymousId, late.award.ref, late.touchpoints]).not.toContain('carried');
      expect([late.award.ref, late.touchpoints]).toEqual([null, []]);
    } finally {
      await close();
    }
  });
});
