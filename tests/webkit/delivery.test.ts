// Delivery in WebKitGTK (Safari's engine: its fetch keepalive, sendBeacon, Web Locks), judged only
// by what reaches the loopback collector. WebKitWebDriver has no network emulation, so the offline
// scenario of the other engines is not run here, and the two tabs get their `online` by hand.
import { describe, expect, it } from 'vitest';
import { ready } from '../shared/commands';
import { merchantPage } from '../shared/merchant-page';
import { navigationChain } from '../shared/nav-chain';
import { recoverAfter503, twoTabsThroughOutage } from '../shared/outages';
import { redirectIsNotDelivery } from '../shared/redirects';
import { newTab, webkitSuite } from './webkit';

const suite = webkitSuite();

describe('WebKitGTK: delivery', () => {
  /** 30 page loads in a fresh browser, each converting and then leaving as `step` says (../shared/nav-chain). */
  const chain = async (prefix: string, step: string) => {
    suite.sites.errors.length = 0;
    await navigationChain(suite.sites.server, await suite.browser(), suite.sites.errors, prefix, step);
  };

  it('delivers 30 conversions, each fired immediately before the page navigates away', () =>
    chain('wknav', `reftrace('convert', { orderId: 'wknav-' + i, amount: 1, currency: 'USD' }); location.href = '/wknav?i=' + (i + 1);`));

  it('delivers 30 conversions, each awaited (durably queued) before the page navigates away', () =>
    chain(
      'wknavq',
      `reftrace('convert', { orderId: 'wknavq-' + i, amount: 1, currency: 'USD' }).then(function () { location.href = '/wknavq?i=' + (i + 1); });`,
    ));

  it('collector answering 503 during a conversion: after recovery the next page load delivers it once, with its original id and ts', async () => {
    const { server } = suite.sites;
    const url = server.url('shop.test', '/page');
    server.route('/page', merchantPage({ init: { endpoint: server.url('collect.test', '/collect') } }));
    const p = await suite.browser();
    await p.goto(url);
    await ready(p);
    // A secure context, as on a real https shop: one tab at a time flushes through Web Locks.
    expect(await p.evaluate(() => typeof navigator.locks)).toBe('object');
    await recoverAfter503(server, p, url, 'wk-recover-503');
  });

  it('two tabs on one outbox through an outage: every event arrives, none twice (Web Locks)', async () => {
    const { server } = suite.sites;
    server.route('/tab', merchantPage({ init: { endpoint: server.url('collect.test', '/collect') } }));
    const a = await suite.browser();
    const b = await newTab(a);
    await a.goto(server.url('shop.test', '/tab?a'));
    await b.goto(server.url('shop.test', '/tab?b'));
    await Promise.all([ready(a), ready(b)]);
    expect(await b.evaluate(() => typeof navigator.locks)).toBe('object');
    // No network emulation: both tabs hear `online` as the browser would send it on reconnecting.
    const online = (offline: boolean) => Promise.all(offline ? [] : [a, b].map((p) => p.evaluate(() => dispatchEvent(new Event('online')))));
    await twoTabsThroughOutage(server, [a, b], online, 'wktabs');
  });

  for (const code of [301, 307])
    it(`a collector behind a ${code} redirect: not taken as delivered, kept, and delivered once the endpoint is fixed`, async () =>
      redirectIsNotDelivery(suite.sites.server, await suite.browser(), code, `wkr${code}`));
});
