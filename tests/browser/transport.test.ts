// What the collector's answers do to delivery in real Chromium, where the behaviour is the
// browser's own: fetch following redirects, the 64 KiB keepalive budget held by a response body
// still arriving, and a long main-thread task against IndexedDB's time-box.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../shared/commands';
import { redirectIsNotDelivery } from '../shared/redirects';
import { launch, merchantPage, readIdb, startServer, type TestServer } from './harness';

let server: TestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
const contexts: BrowserContext[] = [];
// Responses a test leaves open (a body that never ends), ended after the run.
const open: ServerResponse[] = [];

beforeAll(async () => {
  server = await startServer();
  ({ browser, close: closeBrowser } = await launch(server));
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})));
});
afterAll(async () => {
  open.forEach((res) => res.destroy());
  await closeBrowser?.();
  expect(server.invalid).toEqual([]);
  await server.close();
});

const newPage = async (): Promise<Page> => {
  const c = await browser.newContext();
  contexts.push(c);
  const p = await c.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  p.on('close', () => expect(errors).toEqual([]));
  return p;
};
const page = (endpoint: string) => merchantPage({ init: { endpoint: server.url('collect.test', endpoint) } });
const flush = (p: Page) => p.evaluate(() => (window as any).reftrace('flush'));
const outboxIds = async (p: Page) => Object.keys((await readIdb(p, 'outbox')) || {});
const CORS = { 'access-control-allow-origin': '*' };

/** A route that records what reached it: method and the ids of the events in its body. */
const recorder = (answer: (res: ServerResponse) => void) => {
  const seen: { method: string; ids: string[] }[] = [];
  const handler = (req: { method?: string }, res: ServerResponse, body: string) => {
    let ids: string[] = [];
    try {
      ids = JSON.parse(body).map((e: { id: string }) => e.id);
    } catch {}
    seen.push({ method: req.method!, ids });
    answer(res);
  };
  return { seen, handler };
};

describe('a collector behind a redirect', () => {
  for (const code of [301, 307])
    it(`${code}: the conversion is not taken as delivered, stays queued, and arrives once the endpoint is fixed`, async () =>
      redirectIsNotDelivery(server, await newPage(), code, `cr${code}`));
});

describe('the keepalive budget', () => {
  it('a response body that never ends does not hold it: every batch after it still goes', async () => {
    // 200 at once, then a body that never ends: the status is all the SDK needs.
    const slow = recorder((res) => {
      res.writeHead(200, { ...CORS, 'content-type': 'text/plain' });
      res.write('o');
      open.push(res);
    });
    server.route('/slow', slow.handler);
    server.route('/slow-body', page('/slow'));
    const p = await newPage();
    await p.goto(server.url('shop.test', '/slow-body'));
    await ready(p);
    // Nine 10 KB events: three keepalive requests of about 30 KB each, one after the other.
    // Two bodies held would take the whole 64 KiB, and the third request would be refused.
    const ids: string[] = await p.evaluate(() =>
      Promise.all(Array.from({ length: 9 }, (_, i) => (window as any).reftrace('track', 'big', { i, pad: 'x'.repeat(10_000) }).then((e: any) => e.id))),
    );
    await flush(p);
    expect(slow.seen.filter((r) => r.method == 'POST').length).toBeGreaterThanOrEqual(3);
    expect(new Set(slow.seen.flatMap((r) => r.ids))).toEqual(new Set(ids));
    expect(await outboxIds(p)).toEqual([]);
  });
});

describe('a long main-thread task', () => {
  it('does not pass for a hung IndexedDB: a delivered event is not sent again by the next page', async () => {
    server.route('/long-task', page('/collect'));
    const p = await newPage();
    await p.goto(server.url('shop.test', '/long-task'));
    await ready(p);
    // The event's write to IndexedDB starts (a few promise hops in), then the page blocks its
    // main thread for 2 s, longer than the 1.5 s IndexedDB is given: its answer and the
    // time-box's timer both wait behind the task.
    const id: string = await p.evaluate(async () => {
      const queued = (window as any).reftrace('track', 'during a long task').then((e: any) => e.id);
      for (let i = 0; i < 200; i++) await null;
      for (const end = Date.now() + 2000; Date.now() < end; );
      return queued;
    });
    await server.waitFor((e) => e.id == id);
    await flush(p);
    await p.reload();
    await ready(p);
    await flush(p);
    expect(await outboxIds(p)).toEqual([]);
    expect(server.arrivals.filter((e) => e.id == id)).toHaveLength(1);
  });
});
