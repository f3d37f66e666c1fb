// Where the journey lives in real Chromium: nothing at all before consent, erased on denial,
// healed when one layer is wiped, tracked in memory when every layer is blocked, and never
// confused by hostile cookie contents.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJourney, encodeJourney } from '../../src/store/codec';
import { launch, merchantPage, startServer, stored, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  server.route('/blank', '<!doctype html><title>no script</title>');
});
afterAll(async () => {
  expect(server.invalid).toEqual([]);
  await server.close();
});

const endpoint = () => server.url('collect.test', '/collect');
const convertOn = (id: string) => `<button id="buy" onclick="reftrace('convert', {orderId: '${id}', amount: 10, currency: 'USD'})">buy</button>`;
const ready = (page: Page) => page.evaluate(() => new Promise((r) => (window as any).reftrace('ready', () => r(1))));
const command = (page: Page, ...args: unknown[]) => page.evaluate((a) => (window as any).reftrace(...a), args);
const conversion = async (page: Page, id: string) => {
  await page.click('#buy');
  return (await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == id))[0];
};
const journeyCookie = async (context: BrowserContext) => decodeJourney((await context.cookies()).find((c) => c.name == '_reftrace')?.value);

describe('consent', () => {
  it('pending: stores and sends nothing, then persists and credits the referral once granted', async () => {
    server.route('/pending', merchantPage({ init: { endpoint: endpoint(), consent: 'pending' } }));
    server.route('/pending-checkout', merchantPage({ init: { endpoint: endpoint() }, body: convertOn('order-pending') }));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      const before = server.requests.length;
      await page.goto(server.url('www.shop.test', '/pending?ref=pending_partner'));
      await ready(page);
      await new Promise((r) => setTimeout(r, 300));
      expect(await context.cookies()).toEqual([]);
      expect(await stored(page)).toEqual({ databases: [], journey: undefined, local: [], cookie: '' });
      expect(server.requests.length).toBe(before);
      expect(await page.evaluate(() => new Promise((r) => (window as any).reftrace('ready', (t: any) => r(t.touchpoints()[0].ref))))).toBe('pending_partner');

      await command(page, 'consent', 'granted');
      const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'pending_partner');
      expect((await journeyCookie(context))?.touchpoints.map((t) => t.ref)).toEqual(['pending_partner']);
      const { databases, journey, local } = await stored(page);
      expect([databases, journey.anonymousId, local]).toEqual([['reftrace'], click.anonymousId, ['reftrace:journey']]);

      await page.goto(server.url('checkout.shop.test', '/pending-checkout'));
      expect((await conversion(page, 'order-pending')).award.ref).toBe('pending_partner');
    } finally {
      await close();
    }
  });

  it('denied: erases what was stored and sends nothing; GPC starts denied', async () => {
    server.route('/deny', merchantPage({ init: { endpoint: endpoint() }, body: convertOn('order-denied') }));
    const { browser, context, close } = await launch(server);
    try {
      const page = await context.newPage();
      await page.goto(server.url('shop.test', '/deny?ref=deny_partner'));
      await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'deny_partner');
      await ready(page);
      expect((await stored(page)).journey.touchpoints[0].ref).toBe('deny_partner');

      await command(page, 'consent', 'denied');
      const after = await stored(page);
      expect([after.journey, after.local, after.cookie]).toEqual([undefined, [], '']);
      expect(await context.cookies()).toEqual([]);
      const before = server.requests.length;
      await page.click('#buy');
      await new Promise((r) => setTimeout(r, 500));
      expect(server.requests.length).toBe(before);
      expect(server.events.some((e) => e.type == 'conversion' && e.conversion.orderId == 'order-denied')).toBe(false);

      // Global Privacy Control, as sent by Brave, DuckDuckGo and privacy extensions.
      const gpc = await browser.newContext();
      await gpc.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
      const other = await gpc.newPage();
      await other.goto(server.url('shop.test', '/deny?ref=gpc_partner'));
      await ready(other);
      await other.click('#buy');
      await new Promise((r) => setTimeout(r, 500));
      expect(await gpc.cookies()).toEqual([]);
      expect(await stored(other)).toEqual({ databases: [], journey: undefined, local: [], cookie: '' });
      expect(server.requests.length).toBe(before);
    } finally {
      await close();
    }
  });
});

describe('layers heal each other', () => {
  it('brings the journey back from IndexedDB when the cookie is cleared, and from the cookie when IndexedDB and localStorage are', async () => {
    server.route('/heal', merchantPage({ init: { endpoint: endpoint() } }));
    server.route('/heal-buy', merchantPage({ init: { endpoint: endpoint() }, body: convertOn('order-heal') }));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      await page.goto(server.url('shop.test', '/heal?ref=heal_partner'));
      const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'heal_partner');
      await ready(page);

      await context.clearCookies();
      await page.goto(server.url('shop.test', '/heal'));
      await ready(page);
      const healed = await journeyCookie(context);
      expect([healed?.anonymousId, healed?.touchpoints.map((t) => t.ref)]).toEqual([click.anonymousId, ['heal_partner']]);

      // Wiped on a page without the script, so no open connection holds the database.
      await page.goto(server.url('shop.test', '/blank'));
      await page.evaluate(
        () =>
          new Promise((resolve, reject) => {
            localStorage.clear();
            const request = indexedDB.deleteDatabase('reftrace');
            request.onsuccess = resolve;
            request.onerror = reject;
          }),
      );
      expect((await stored(page)).databases).toEqual([]);
      await page.goto(server.url('shop.test', '/heal-buy'));
      await ready(page);
      const { journey, local } = await stored(page);
      expect([journey.anonymousId, journey.touchpoints.map((t: any) => t.ref), local]).toEqual([click.anonymousId, ['heal_partner'], ['reftrace:journey']]);
      expect((await conversion(page, 'order-heal')).award.ref).toBe('heal_partner');
    } finally {
      await close();
    }
  });
});

describe('blocked storage', () => {
  it('throws nowhere and still credits a conversion on the same page', async () => {
    server.route('/blocked', merchantPage({ init: { endpoint: endpoint() }, body: convertOn('order-blocked') }));
    const { context, close } = await launch(server);
    try {
      await context.addInitScript(() => {
        const blocked = () => {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        };
        Object.defineProperty(IDBFactory.prototype, 'open', { value: blocked });
        Object.defineProperty(window, 'localStorage', { get: blocked });
        Object.defineProperty(Document.prototype, 'cookie', { get: () => '', set: () => {} });
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url('shop.test', '/blocked?ref=blocked_partner'));
      await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'blocked_partner');
      const event = await conversion(page, 'order-blocked');
      expect(event.award.ref).toBe('blocked_partner');
      expect(errors).toEqual([]);
      expect(await context.cookies()).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('hostile cookie contents', () => {
  const tp = { id: 'evil-tp', ts: Date.now() - 1000, channel: 'affiliate' as const, landing: '/' };
  const cases: [string, string][] = [
    ['a malformed value', '1.!!!not-base64'],
    ['an oversized value', '1.' + 'A'.repeat(3900)],
    ['another format version', '9.' + encodeJourney({ anonymousId: 'evil', touchpoints: [{ ...tp, ref: 'evil_partner' }] }).slice(2)],
    ['a hostile referral code', encodeJourney({ anonymousId: 'evil', touchpoints: [{ ...tp, ref: '<img src=x onerror=alert(1)>' }] })],
    ['JSON of the wrong shape', '1.' + btoa('{"anonymousId":"evil","touchpoints":"x"}').replace(/=+$/, '')],
  ];

  it.each(cases)('ignores %s and starts a fresh journey', async (_, value) => {
    server.route('/hostile', merchantPage({ init: { endpoint: endpoint() } }));
    const { context, close } = await launch(server);
    try {
      await context.addCookies([{ name: '_reftrace', value, domain: '.shop.test', path: '/' }]);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const ref = 'fresh_' + Math.random().toString(36).slice(2, 8);
      await page.goto(server.url('shop.test', '/hostile?ref=' + ref));
      const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == ref);
      await ready(page);
      expect(click.anonymousId).not.toBe('evil');
      const journey = await journeyCookie(context);
      expect([journey?.anonymousId, journey?.touchpoints.map((t) => t.ref)]).toEqual([click.anonymousId, [ref]]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
