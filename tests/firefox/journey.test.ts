// The journey in real Firefox (Gecko's cookie, IndexedDB and localStorage): a partner landing
// credited on another page, after a browser restart, on another subdomain, and nothing stored
// while consent is pending.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeJourney } from '../../src/store/codec';
import { command, convertOn, ready, refs } from '../shared/commands';
import { merchantPage } from '../shared/merchant-page';
import { startServer, type TestServer } from '../shared/server';
import { stored } from '../shared/stored';
import { launchFirefox, pageErrors } from './firefox';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  server = await startServer();
  browser = await launchFirefox();
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})));
});
afterAll(async () => {
  await browser?.close();
  expect(server.invalid).toEqual([]);
  await server.close();
});

/** A fresh user context (its own cookies and storage), closed after the test. */
const context = async () => {
  const c = await browser.createBrowserContext();
  contexts.push(c);
  return c;
};
const endpoint = () => server.url('collect.test', '/collect');
const page = (body = '', init: Record<string, unknown> = {}) => merchantPage({ init: { endpoint: endpoint(), ...init }, body });
const journeyCookie = async (c: BrowserContext) => (await c.cookies()).find((k) => k.name == '_reftrace');
const conversion = async (orderId: string) =>
  (await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == orderId))[0];

describe('Firefox: the journey', () => {
  it('lands with ?ref=, converts on another page, and credits the partner; the journey is in the cookie and IndexedDB', async () => {
    server.route('/landing', page());
    server.route('/checkout', page(convertOn('ff-order-1', 49.99)));
    const c = await context();
    const p = await c.newPage();
    const errors = pageErrors(p);
    await p.goto(server.url('www.shop.test', '/landing?ref=alice&utm_source=newsletter&email=bob%40x.com&gclid=Cj0KCQ'));
    const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'alice');
    expect(click.touchpoint).toMatchObject({ ref: 'alice', channel: 'affiliate', source: 'newsletter', clickIds: { gclid: 'Cj0KCQ' } });
    expect(click.touchpoint.landing).toBe('/landing?ref=alice&gclid=Cj0KCQ&utm_source=newsletter');
    expect(JSON.stringify(click)).not.toContain('bob');
    await ready(p);
    const { journey, local } = await stored(p);
    expect([journey?.anonymousId, journey?.touchpoints.map((t: any) => t.ref), local]).toEqual([click.anonymousId, ['alice'], ['reftrace:journey']]);
    const cookie = await journeyCookie(c);
    expect(decodeJourney(cookie?.value)?.anonymousId).toBe(click.anonymousId);

    await p.goto(server.url('www.shop.test', '/checkout'));
    await p.click('#buy');
    const event = await conversion('ff-order-1');
    expect(event.conversion).toMatchObject({ amount: 4999, currency: 'USD', type: 'purchase' });
    expect(event.anonymousId).toBe(click.anonymousId);
    expect(event.attribution).toEqual({
      model: 'last_touch',
      credits: [{ touchpointId: click.touchpoint.id, ref: 'alice', weight: 1, amount: 4999 }],
      unattributed: 0,
    });
    expect(event.award).toMatchObject({ ref: 'alice', touchpointId: click.touchpoint.id });
    expect(errors).toEqual([]);
  });

  it('keeps the referral across a browser restart (persistent profile)', async () => {
    server.route('/p', page(convertOn('ff-order-restart')));
    const profile = mkdtempSync(join(tmpdir(), 'reftrace-firefox-'));
    try {
      let firefox = await launchFirefox({ profile });
      let p = await firefox.newPage();
      await p.goto(server.url('shop.test', '/p?via=ff_restart_partner'));
      await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'ff_restart_partner');
      await ready(p);
      await firefox.close();

      firefox = await launchFirefox({ profile });
      try {
        p = await firefox.newPage();
        await p.goto(server.url('shop.test', '/p'));
        expect(await refs(p)).toEqual(['ff_restart_partner']);
        await p.click('#buy');
        expect((await conversion('ff-order-restart')).award.ref).toBe('ff_restart_partner');
      } finally {
        await firefox.close();
      }
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('shares the journey with another subdomain through the registrable-domain cookie', async () => {
    server.route('/sub', page(convertOn('ff-order-sub')));
    const c = await context();
    const p = await c.newPage();
    await p.goto(server.url('www.shop.test', '/sub?ref=ff_sub_partner'));
    await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'ff_sub_partner');
    await ready(p);
    // Found by probing: the shortest parent domain that accepts a cookie.
    expect(await journeyCookie(c)).toMatchObject({ domain: '.shop.test', path: '/', sameSite: 'Lax' });

    // IndexedDB and localStorage are per origin: only the cookie can carry the journey here.
    await p.goto(server.url('checkout.shop.test', '/sub'));
    expect(await refs(p)).toEqual(['ff_sub_partner']);
    await p.click('#buy');
    expect((await conversion('ff-order-sub')).award.ref).toBe('ff_sub_partner');
  });

  it('pending consent stores and sends nothing; granted, it persists and sends the click', async () => {
    server.route('/pending', page('', { consent: 'pending' }));
    const c = await context();
    const p = await c.newPage();
    const before = server.requests.length;
    await p.goto(server.url('www.shop.test', '/pending?ref=ff_pending_partner'));
    await ready(p);
    await new Promise((r) => setTimeout(r, 300));
    expect(await c.cookies()).toEqual([]);
    expect(await stored(p)).toEqual({ databases: [], journey: undefined, local: [], cookie: '' });
    expect(server.requests.length).toBe(before);
    expect(await refs(p)).toEqual(['ff_pending_partner']);

    await command(p, 'consent', 'granted');
    const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'ff_pending_partner');
    expect(decodeJourney((await journeyCookie(c))?.value)?.anonymousId).toBe(click.anonymousId);
    expect((await stored(p)).journey?.anonymousId).toBe(click.anonymousId);
  });
});
