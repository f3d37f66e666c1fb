// The journey's lifecycle across consent and tabs, run the same way in every browser: a consent
// banner that answers after the page's own calls, a reload or a subdomain hop while consent is
// pending, a second tab, and a withdrawal. Each scenario takes fresh pages (their own cookies and
// storage; two tabs of one browser share theirs) and a `tag` that keeps routes, refs and orders apart.
import { expect } from 'vitest';
import { decodeJourney } from '../../src/store/codec';
import { command, convertOn, ready, refs } from './commands';
import type { Cookies, Browses } from './journey';
import { merchantPage } from './merchant-page';
import type { TestServer, WireEventLike } from './server';
import { stored } from './stored';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const page = (server: TestServer, body = '', init: Record<string, unknown> = {}) =>
  merchantPage({ init: { endpoint: server.url('collect.test', '/collect'), ...init }, body });
const click = async (server: TestServer, ref: string) => (await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == ref))[0];
const conversion = async (server: TestServer, orderId: string) =>
  (await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == orderId))[0];
const cookieJourney = async (cookies: Cookies) => decodeJourney((await cookies()).find((k) => k.name == '_reftrace')?.value);
const until = async (what: string, check: () => Promise<unknown>) => {
  for (const end = Date.now() + 10_000; !(await check()); await sleep(50)) if (Date.now() > end) throw Error('waited 10 s for ' + what);
};
const refsOf = (e: WireEventLike) => e.touchpoints.map((t: { ref?: string }) => t.ref ?? null);

/** A partner landing on a page where consent is granted: the journey earlier pages leave behind. */
const landGranted = async (server: TestServer, p: Browses, host: string, tag: string, ref: string) => {
  server.route(`/${tag}-land`, page(server));
  await p.goto(server.url(host, `/${tag}-land?ref=${ref}`));
  const landed = await click(server, ref);
  await ready(p);
  return landed;
};

/**
 * The documented banner setup: every page starts `pending` and the CMP grants after the page's own
 * `convert`. The held conversion is attributed from the stored journey, with the stored identity.
 */
export const heldConversionAttributed = async (server: TestServer, p: Browses, tag: string) => {
  const [ref, orderId] = [`${tag}_held`, `${tag}-held`];
  const landed = await landGranted(server, p, 'www.shop.test', tag, ref);
  server.route(`/${tag}-held`, page(server, convertOn(orderId), { consent: 'pending' }));
  await p.goto(server.url('www.shop.test', `/${tag}-held`));
  await p.click('#buy');
  await command(p, 'consent', 'granted');
  const event = await conversion(server, orderId);
  expect(refsOf(event)).toEqual([ref]);
  expect(event.award).toMatchObject({ ref, touchpointId: landed.touchpoint.id });
  expect(event.attribution.credits.map((c: { ref: string }) => c.ref)).toEqual([ref]);
  expect(event.anonymousId).toBe(landed.anonymousId);
};

/**
 * While consent is pending the registrable domain cannot be probed (it writes a cookie): a hop
 * from `www.` to `checkout.` of the same shop must still not become a referral touch.
 */
export const pendingSubdomainHop = async (server: TestServer, p: Browses, cookies: Cookies, tag: string) => {
  const [ref, orderId] = [`${tag}_hop`, `${tag}-hop`];
  await landGranted(server, p, 'www.shop.test', tag, ref);
  server.route(`/${tag}-hop-www`, page(server, `<a id="go" href="${server.url('checkout.shop.test', `/${tag}-hop-checkout`)}">checkout</a>`, { consent: 'pending' }));
  server.route(`/${tag}-hop-checkout`, page(server, convertOn(orderId), { consent: 'pending' }));
  await p.goto(server.url('www.shop.test', `/${tag}-hop-www`));
  await p.click('#go');
  await until('the checkout page', async () => (await p.url()).includes('checkout.shop.test'));
  await ready(p);
  // The referrer is the shop's own www page.
  expect(await p.evaluate(() => document.referrer)).toContain('www.shop.test');
  await command(p, 'consent', 'granted');
  expect(await refs(p)).toEqual([ref]);
  await p.click('#buy');
  const event = await conversion(server, orderId);
  expect(refsOf(event)).toEqual([ref]);
  expect(event.attribution.credits.map((c: { ref: string }) => c.ref)).toEqual([ref]);
  expect((await cookieJourney(cookies))?.touchpoints.map((t) => t.ref)).toEqual([ref]);
};

/** A `?ref=` landing loaded again while consent is pending, then granted: one visit, one touch, one click. */
export const pendingReloadOneVisit = async (server: TestServer, p: Browses, tag: string) => {
  const ref = `${tag}_reload`;
  server.route(`/${tag}-reload`, page(server, '', { consent: 'pending' }));
  const url = server.url('shop.test', `/${tag}-reload?ref=${ref}`);
  await p.goto(url);
  await command(p, 'consent', 'granted');
  await click(server, ref);
  await p.goto(url);
  await command(p, 'consent', 'granted');
  await ready(p);
  // Sent after any second click would be: once it arrived, so would have the click.
  const { id } = (await command(p, 'track', `${tag}-after-reload`)) as { id: string };
  await server.waitFor((e) => e.id == id);
  await command(p, 'flush');
  expect(server.events.filter((e) => e.type == 'click' && e.touchpoint.ref == ref)).toHaveLength(1);
  expect(await refs(p)).toEqual([ref]);
};

/** `reset()` while consent is pending forgets in memory and writes nothing: no cookie, no database, no key. */
export const resetWhilePending = async (server: TestServer, p: Browses, cookies: Cookies, tag: string) => {
  server.route(`/${tag}-reset`, page(server, '', { consent: 'pending' }));
  await p.goto(server.url('shop.test', `/${tag}-reset?ref=${tag}_reset`));
  await ready(p);
  await command(p, 'reset');
  expect(await refs(p)).toEqual([]);
  await sleep(300);
  expect(await cookies()).toEqual([]);
  expect(await stored(p)).toEqual({ databases: [], journey: undefined, local: [], cookie: '' });
};

/**
 * Two tabs of one shop: a partner's click made in the second tab is seen by a conversion in the
 * first (already open, its journey loaded before), and a save in the first (`identify`) merges
 * with what the second stored instead of erasing it.
 */
export const otherTabsTouchCounts = async (server: TestServer, [a, b]: [Browses, Browses], cookies: Cookies, tag: string) => {
  const [first, second, orderId] = [`${tag}_tab_first`, `${tag}_tab_second`, `${tag}-tabs`];
  server.route(`/${tag}-tab`, page(server));
  await a.goto(server.url('shop.test', `/${tag}-tab?ref=${first}`));
  await click(server, first);
  await ready(a);
  await b.goto(server.url('shop.test', `/${tag}-tab?ref=${second}`));
  await click(server, second);
  await ready(b);

  await command(a, 'identify', `${tag}-user`);
  const journey = await cookieJourney(cookies);
  expect([journey?.userId, journey?.touchpoints.map((t) => t.ref)]).toEqual([`${tag}-user`, [first, second]]);
  expect(await refs(b)).toEqual([first, second]);

  await command(a, 'convert', { orderId, amount: 10, currency: 'USD' });
  const event = await conversion(server, orderId);
  expect(refsOf(event)).toEqual([first, second]);
  expect(event.award.ref).toBe(second);
};

/**
 * Consent withdrawn in one tab holds in the others: they stop sending and storing, and forget the
 * journey and the anonymous id, so that a later grant starts a new identity unlinked to the old.
 */
export const withdrawalAcrossTabs = async (server: TestServer, [a, b]: [Browses, Browses], cookies: Cookies, tag: string) => {
  const ref = `${tag}_withdrawn`;
  server.route(`/${tag}-withdraw`, page(server));
  await a.goto(server.url('shop.test', `/${tag}-withdraw?ref=${ref}`));
  const landed = await click(server, ref);
  await ready(a);
  await b.goto(server.url('shop.test', `/${tag}-withdraw`));
  await ready(b);
  expect(await refs(b)).toEqual([ref]);

  await command(a, 'consent', 'denied');
  // The other tab hears of it without a page load; until then its calls still count.
  await until('the other tab to stop', async () => !(await command(b, 'track', `${tag}-probe`)));
  const arrived = server.requests.length;
  expect(await command(b, 'identify', `${tag}-after`)).toBeFalsy();
  expect(await command(b, 'convert', { orderId: `${tag}-after`, amount: 1, currency: 'USD' })).toBeFalsy();
  expect(await refs(b)).toEqual([]);
  await sleep(500);
  expect(await cookies()).toEqual([]);
  const left = await stored(b);
  expect([left.journey, left.local, left.cookie]).toEqual([undefined, [], '']);
  expect(server.requests.length).toBe(arrived);

  // Granted again: a new visitor as far as reftrace can tell.
  await command(a, 'consent', 'granted');
  const again = (await command(a, 'track', `${tag}-regranted`)) as { anonymousId: string };
  expect(again.anonymousId).not.toBe(landed.anonymousId);
  expect(await refs(a)).toEqual([]);
  await server.waitFor((e) => e.type == 'track' && e.name == `${tag}-regranted`);
};
