// @vitest-environment node
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversionFrom, sendEvents, type WireEvent } from '../../../src/server';

type Reply = (events: WireEvent[], req: IncomingMessage, res: ServerResponse) => void;

// A real collector stand-in on port 0: each request's events, then the test's scripted answer.
let reply: Reply;
const seen: { events: WireEvent[]; headers: IncomingMessage['headers'] }[] = [];
const server = createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  const events = JSON.parse(body) as WireEvent[];
  seen.push({ events, headers: req.headers });
  reply(events, req, res);
});
let endpoint: string;
beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/e`;
});
afterAll(() => new Promise((ok) => server.close(ok)));

const answer = (res: ServerResponse, status: number, body: unknown = {}, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const events = (n: number, prefix = 'o') =>
  Array.from({ length: n }, (_, i) => conversionFrom({ referralId: 'visitor-1', orderId: `${prefix}-${i}`, amountMinor: 100 + i, currency: 'USD' }));
// Waits are recorded, never slept: no wall clock in these tests.
const run = (list: WireEvent[], extra: Parameters<typeof sendEvents>[2] = {}) => {
  const waits: number[] = [];
  seen.length = 0;
  return sendEvents(endpoint, list, { sleep: async (ms) => void waits.push(ms), ...extra }).then((result) => ({ result, waits }));
};

describe('sendEvents', () => {
  it('posts the events as a JSON array with the given headers, stamping sentAt per attempt, once per id', async () => {
    reply = (batch, _req, res) => answer(res, 200, { stored: batch.length, duplicates: 0, rejected: [] });
    const list = events(3);
    const { result, waits } = await run([...list, list[0]], { headers: { authorization: 'Bearer t0ken' } });
    expect(result).toEqual({ delivered: 3, rejected: [], failed: [], reasons: {} });
    expect(waits).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0].headers.authorization).toBe('Bearer t0ken');
    expect(seen[0].events.map((e) => e.id)).toEqual(list.map((e) => e.id));
    expect(seen[0].events.every((e) => Number.isSafeInteger(e.sentAt))).toBe(true);
  });

  it('retries 503 and 429 with the same ids, waiting at least Retry-After, and gives up after `retries` as failed', async () => {
    let calls = 0;
    reply = (_b, _r, res) => (++calls < 3 ? answer(res, calls == 1 ? 503 : 429, {}, { 'retry-after': '7' }) : answer(res, 200, { rejected: [] }));
    const list = events(2);
    const { result, waits } = await run(list, { retries: 3 });
    expect(result.delivered).toBe(2);
    expect(waits).toHaveLength(2);
    expect(waits.every((w) => w >= 7000)).toBe(true);
    expect(new Set(seen.map((s) => s.events.map((e) => e.id).join()))).toEqual(new Set([list.map((e) => e.id).join()]));

    reply = (_b, _r, res) => answer(res, 500, { error: 'boom' });
    const down = await run(events(1, 'p'), { retries: 2 });
    expect(down.result).toMatchObject({ delivered: 0, rejected: [], failed: [expect.objectContaining({ conversion: expect.objectContaining({ orderId: 'p-0' }) })] });
    expect(Object.values(down.result.reasons)).toEqual(['HTTP 500: boom']);
    expect(seen).toHaveLength(3);
    expect(down.waits).toHaveLength(2);
  });

  it('returns what would wait longer than maxWait as failed at once, saying when to retry', async () => {
    reply = (_b, _r, res) => answer(res, 429, {}, { 'retry-after': '3600' });
    const { result, waits } = await run(events(1), { maxWait: 60e3 });
    expect([result.failed.length, waits, seen.length]).toEqual([1, [], 1]);
    expect(Object.values(result.reasons)).toEqual(['HTTP 429 (retry after 3600 s)']);
  });

  it('does not count a redirect as a delivery', async () => {
    reply = (_b, _r, res) => answer(res, 308, {}, { location: 'https://collect.example/e' });
    const { result } = await run(events(1), { retries: 1 });
    expect(result.delivered).toBe(0);
    expect(result.failed).toHaveLength(1);
    expect(Object.values(result.reasons)[0]).toMatch(/^HTTP 308.*a redirect is not a delivery/);
  });

  it('splits a batch on 413 until it fits', async () => {
    reply = (batch, _r, res) => (batch.length > 2 ? answer(res, 413, { error: 'too large' }) : answer(res, 200, { rejected: [] }));
    const { result } = await run(events(5));
    expect(result.delivered).toBe(5);
    expect(seen.map((s) => s.events.length)).toEqual([5, 3, 2, 1, 2]);
  });

  it('isolates the event a 400 is about, delivers the rest, and reports what the collector refused in a 200', async () => {
    const list = events(6);
    const bad = list[4].id;
    const refusedIn200 = list[1].id;
    reply = (batch, _r, res) =>
      batch.some((e) => e.id == bad)
        ? answer(res, 400, { error: 'no valid event' })
        : answer(res, 200, { rejected: batch.flatMap((e, index) => (e.id == refusedIn200 ? [{ index, id: e.id, reason: 'schema: /conversion bad' }] : [])) });
    const { result, waits } = await run(list);
    expect(result.delivered).toBe(4);
    expect(result.rejected.map((e) => e.id).sort()).toEqual([bad, refusedIn200].sort());
    expect(result.reasons).toEqual({ [bad]: 'HTTP 400: no valid event', [refusedIn200]: 'schema: /conversion bad' });
    expect(waits).toEqual([]);
  });

  it('refuses a batch on another 4xx without retrying, and survives a network error (injected fetch)', async () => {
    reply = (_b, _r, res) => answer(res, 401, { error: 'unauthorized' });
    const { result } = await run(events(2));
    expect([result.rejected.length, seen.length]).toEqual([2, 1]);

    const waits: number[] = [];
    let n = 0;
    const flaky: typeof fetch = async () => {
      if (n++ == 0) throw TypeError('fetch failed');
      return new Response(JSON.stringify({ rejected: [] }), { status: 200 });
    };
    const again = await sendEvents('http://collector.invalid/e', events(1), { fetch: flaky, sleep: async (ms) => void waits.push(ms) });
    expect([again.delivered, waits.length, n]).toEqual([1, 1, 2]);
  });
});
