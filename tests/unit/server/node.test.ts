// @vitest-environment node
// The server helpers run where there is no DOM: Node's own Request, Response and Headers.
import { describe, expect, it } from 'vitest';
import { clickHandler, journeyCookieHandler, toNodeHandler, type NodeRequest } from '../../../src/server';
import { encodeJourney } from '../../../src/store/codec';

const value = encodeJourney({ anonymousId: 'a', touchpoints: [{ id: 't', ts: 1, ref: 'alice', channel: 'affiliate', landing: '/' }] });

const request = (extra: Partial<NodeRequest>, chunks: unknown[] = []): NodeRequest => ({
  method: 'POST',
  url: '/rt',
  headers: { host: 'shop.com', 'sec-fetch-site': 'same-origin' },
  async *[Symbol.asyncIterator]() {
    yield* chunks;
  },
  ...extra,
});
const response = () => {
  const res = { statusCode: 0, headers: {} as Record<string, string | string[]>, body: undefined as string | undefined };
  return Object.assign(res, { setHeader: (k: string, v: string | string[]) => (res.headers[k] = v), end: (b?: string) => (res.body = b) });
};
const handle = toNodeHandler(journeyCookieHandler());

describe('toNodeHandler', () => {
  it('keeps several cookies as separate Set-Cookie headers', async () => {
    const res = response();
    await toNodeHandler(clickHandler({ hosts: [] }))(request({ method: 'GET', url: '/r?ref=alice&to=/shoes' }), res);
    expect([res.statusCode, res.headers.location]).toEqual([302, 'http://shop.com/shoes']);
    expect(res.headers['set-cookie']).toEqual([expect.stringMatching(/^_reftrace=1\./), expect.stringMatching(/^_reftrace_s=1\./)]);
  });

  it('reads the body from the stream and writes status and headers', async () => {
    const res = response();
    await handle(request({}, [new TextEncoder().encode(value.slice(0, 10)), value.slice(10)]), res);
    expect(res.statusCode).toBe(204);
    expect(res.headers['set-cookie']).toBe(`_reftrace_s=${value}; Path=/; Max-Age=2592000; SameSite=Lax`);
  });

  it('takes a body read earlier (argument or body parser) and ignores Express `next`', async () => {
    for (const [req, third] of [
      [request({}), value],
      [request({ body: value }), () => {}],
      [request({ body: new TextEncoder().encode(value) }), undefined],
    ] as const) {
      const res = response();
      await handle(req, res, third);
      expect(res.statusCode).toBe(204);
    }
  });

  it('marks the cookie Secure behind a TLS-terminating proxy', async () => {
    const res = response();
    await handle(request({ headers: { host: 'shop.com', 'x-forwarded-proto': 'https' } }), res, value);
    expect(res.headers['set-cookie']).toMatch(/; Secure$/);
  });

  it('refuses an endless stream with 413 and stops reading it', async () => {
    let read = 0;
    const endless: NodeRequest = {
      ...request({}),
      async *[Symbol.asyncIterator]() {
        for (;;) yield (read++, new Uint8Array(4096));
      },
    };
    const res = response();
    await handle(endless, res);
    expect(res.statusCode).toBe(413);
    expect(read).toBeLessThan(20);
  });

  it('passes rejections through', async () => {
    const res = response();
    await handle(request({ method: 'GET' }), res);
    expect([res.statusCode, res.headers.allow]).toEqual([405, 'POST, DELETE']);
  });
});
