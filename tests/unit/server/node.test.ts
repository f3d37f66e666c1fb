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

describe('toNodeHandler under hostile requests', () => {
  it.each([
    ['a TRACE request', { method: 'TRACE' }],
    ['a CONNECT request', { method: 'CONNECT' }],
    ['a malformed Host header', { headers: { host: 'shop com' } }],
    ['a Host header that smuggles a path', { headers: { host: 'shop.com/evil?' } }],
    ['a Host header with a bad port', { headers: { host: 'shop.com:99999' } }],
  ])('answers 400 to %s, without rejecting', async (_, extra) => {
    const res = response();
    await expect(handle(request(extra as Partial<NodeRequest>), res, value)).resolves.toBeUndefined();
    expect(res.statusCode).toBe(400);
  });

  it('does not reject when the client goes away in the middle of its body', async () => {
    const aborted: NodeRequest = {
      ...request({}),
      async *[Symbol.asyncIterator]() {
        yield 'x';
        throw Object.assign(Error('aborted'), { code: 'ECONNRESET' });
      },
    };
    await expect(handle(aborted, response())).resolves.toBeUndefined();
  });

  it('answers 500 when the handler itself throws, without rejecting', async () => {
    const res = response();
    await expect(toNodeHandler(async () => { throw Error('bug'); })(request({}), res, value)).resolves.toBeUndefined();
    expect(res.statusCode).toBe(500);
  });

  it('keeps a real Node server up through TRACE and a malformed Host', async () => {
    const { createServer } = await import('node:http');
    const { connect } = await import('node:net');
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const server = createServer(toNodeHandler(journeyCookieHandler()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        let answer = '';
        const socket = connect(port, '127.0.0.1', () => socket.end(text));
        socket.on('data', (d) => (answer += d));
        socket.on('close', () => resolve(answer.split('\r\n')[0]));
        socket.on('error', () => resolve(answer.split('\r\n')[0]));
      });
    try {
      expect(await raw('TRACE /rt HTTP/1.1\r\nHost: shop.com\r\nConnection: close\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request');
      expect(await raw('POST /rt HTTP/1.1\r\nHost: shop com\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request');
      await new Promise((r) => setTimeout(r, 50));
      expect(rejections).toEqual([]);
      // Still serving.
      expect(await raw(`POST /rt HTTP/1.1\r\nHost: shop.com\r\nContent-Length: ${value.length}\r\nConnection: close\r\n\r\n${value}`)).toBe('HTTP/1.1 204 No Content');
    } finally {
      process.off('unhandledRejection', onRejection);
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

it('toNodeHandler passes every Set-Cookie of a response, not only the last', async () => {
  const res = response();
  const headers = new Headers();
  headers.append('set-cookie', 'a=1; Path=/');
  headers.append('set-cookie', 'b=2; Path=/');
  await toNodeHandler(async () => new Response(null, { status: 204, headers }))(request({}), res, value);
  expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
});
