// Delivery through outages, run the same way in every browser; each driver brings its own way of
// taking a page offline. Pages come loaded, with reftrace ready.
import { expect } from 'vitest';
import { convert, track } from './commands';
import type { Navigates } from './nav-chain';
import type { TestServer } from './server';
import type { Evaluates } from './stored';

/** Takes the network away from the page(s) under test (`true`) or gives it back. */
export type SetOffline = (offline: boolean) => Promise<unknown>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until the collector has answered 503 since request number `since`. */
const until503 = async (server: TestServer, since: number) => {
  for (const end = Date.now() + 10_000; !server.requests.slice(since).some((r) => r.status == 503); await sleep(25))
    if (Date.now() > end) throw Error('no delivery attempt reached the collector while it answered 503');
};

/**
 * The collector answers 503 while a conversion is made; after it recovers, the next page load
 * (`url`, a merchant page) delivers it, always with its original id and ts. `page` is loaded, with reftrace ready.
 */
export const recoverAfter503 = async (server: TestServer, page: Navigates, url: string, orderId: string) => {
  server.mode = '503';
  const failed = server.requests.length;
  const { id, ts } = (await convert(page, orderId))!;
  await until503(server, failed);
  await sleep(150);
  expect(server.arrivals.filter((e) => e.id == id)).toEqual([]);

  server.mode = 'ok';
  await page.goto(url);
  const [event] = await server.waitFor((e) => e.id == id, 1, 15_000);
  expect(event).toMatchObject({ ts, type: 'conversion', conversion: { orderId } });
  await sleep(1500);
  const raw = server.arrivals.filter((e) => e.type == 'conversion' && e.conversion.orderId == orderId);
  console.log(`[delivery] 503, recovered, navigated: ${raw.length} raw arrival(s) of the conversion`);
  // At least once on the wire, always with the one id the collector de-duplicates on.
  expect(new Set(raw.map((e) => e.id))).toEqual(new Set([id]));
};

/** A conversion made offline arrives once, with its ts, as soon as the page is back online. */
export const offlineThenOnline = async (server: TestServer, page: Evaluates, setOffline: SetOffline, orderId: string) => {
  await setOffline(true);
  const { id, ts } = (await convert(page, orderId))!;
  // Long enough for a first attempt and a retry to fail, so the outbox waits out a backoff.
  await sleep(1200);
  const arrivals = () => server.arrivals.filter((e) => e.id == id);
  expect(arrivals()).toEqual([]);
  const online = Date.now();
  await setOffline(false);
  const [event] = await server.waitFor((e) => e.id == id, 1, 10_000);
  // A figure, not an assertion: on a shared machine the time is noise. That `online` sends at once
  // instead of waiting out the backoff is asserted with fake timers (tests/unit/transport/outbox.test.ts).
  console.log(`[delivery] offline conversion delivered ${Date.now() - online} ms after going online`);
  expect(event.ts).toBe(ts);
  await sleep(1500);
  expect(arrivals()).toHaveLength(1);
};

/** Two tabs of one origin queue events while the collector answers 503: after it recovers, each arrives exactly once. */
export const twoTabsThroughOutage = async (server: TestServer, [a, b]: [Evaluates, Evaluates], setOffline: SetOffline, prefix: string) => {
  server.mode = '503';
  const since = server.requests.length;
  const ids: string[] = [];
  for (const [p, tab] of [[a, 'a'], [b, 'b']] as const) {
    ids.push((await convert(p, `${prefix}-${tab}`))!.id);
    for (let i = 0; i < 5; i++) ids.push(await track(p, prefix, { tab, i }));
  }
  await until503(server, since);
  // Both tabs race: whoever holds the outbox sends, the other must not send the same events.
  ids.push(...(await Promise.all([track(a, prefix, { tab: 'a', i: 5 }), track(b, prefix, { tab: 'b', i: 5 })])));
  await sleep(300);
  server.mode = 'ok';
  // `online` in both tabs at the same instant: both try to flush at once.
  await setOffline(true);
  await setOffline(false);
  await server.waitFor((e) => ids.includes(e.id), ids.length, 20_000);
  await sleep(2000);
  const visible = await Promise.all([a, b].map((p) => p.evaluate(() => document.visibilityState)));
  const raw = server.arrivals.filter((e) => ids.includes(e.id));
  console.log(`[delivery] two tabs (${visible.join('/')}): ${ids.length} events, ${raw.length} raw arrivals`);
  expect(raw.map((e) => e.id).sort()).toEqual([...ids].sort());
};
