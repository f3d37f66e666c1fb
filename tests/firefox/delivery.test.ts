// Delivery in real Firefox (Gecko's fetch keepalive, sendBeacon and `online`), judged only by what
// reaches the loopback collector: conversions fired on the way out of a page, a collector outage,
// and the network going away.
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../shared/commands';
import { merchantPage } from '../shared/merchant-page';
import { navigationChain } from '../shared/nav-chain';
import { offlineThenOnline, recoverAfter503, twoTabsThroughOutage } from '../shared/outages';
import { redirectIsNotDelivery } from '../shared/redirects';
import { startServer, type TestServer } from '../shared/server';
import { launchFirefox, pageErrors } from './firefox';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  server = await startServer();
  server.route('/page', merchantPage({ init: { endpoint: server.url('collect.test', '/collect') } }));
  browser = await launchFirefox();
});
afterEach(async () => {
  server.mode = 'ok';
  await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})));
});
afterAll(async () => {
  await browser?.close();
  expect(server.invalid).toEqual([]);
  await server.close();
});

/** A page on shop.test, by default in a fresh user context (its own storage), with reftrace ready. */
const shopPage = async (c?: BrowserContext): Promise<Page> => {
  if (!c) contexts.push((c = await browser.createBrowserContext()));
  const p = await c.newPage();
  await p.goto(server.url('shop.test', '/page'));
  await ready(p);
  return p;
};
/** BiDi emulates the network per page, not per user context. */
const offline = (pages: Page[]) => (on: boolean) => Promise.all(pages.map((p) => p.setOfflineMode(on)));

describe('Firefox: delivery', () => {
  /** 30 page loads in a fresh user context, each converting and then leaving as `step` says (../shared/nav-chain). */
  const chain = async (prefix: string, step: string) => {
    const c = await browser.createBrowserContext();
    contexts.push(c);
    const p = await c.newPage();
    await navigationChain(server, p, pageErrors(p), prefix, step);
  };

  it('delivers 30 conversions, each fired immediately before the page navigates away', () =>
    chain('ffnav', `reftrace('convert', { orderId: 'ffnav-' + i, amount: 1, currency: 'USD' }); location.href = '/ffnav?i=' + (i + 1);`));

  it('delivers 30 conversions, each awaited (durably queued) before the page navigates away', () =>
    chain(
      'ffnavq',
      `reftrace('convert', { orderId: 'ffnavq-' + i, amount: 1, currency: 'USD' }).then(function () { location.href = '/ffnavq?i=' + (i + 1); });`,
    ));

  it('collector answering 503 during a conversion: after recovery the next page load delivers it once, with its original id and ts', async () => {
    const p = await shopPage();
    await recoverAfter503(server, p, server.url('shop.test', '/page'), 'ff-recover-503');
  });

  it('two tabs on one outbox through an outage: every event arrives, none twice (Web Locks)', async () => {
    const a = await shopPage();
    const b = await shopPage(a.browserContext());
    expect(await b.evaluate(() => typeof navigator.locks)).toBe('object');
    await twoTabsThroughOutage(server, [a, b], offline([a, b]), 'fftabs');
  });

  it('converts offline and delivers once when back online', async () => {
    const p = await shopPage();
    await offlineThenOnline(server, p, offline([p]), 'ff-offline');
  });

  for (const code of [301, 307])
    it(`a collector behind a ${code} redirect: not taken as delivered, kept, and delivered once the endpoint is fixed`, async () =>
      redirectIsNotDelivery(server, await shopPage(), code, `ffr${code}`));
});
