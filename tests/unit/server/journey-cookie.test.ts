// @vitest-environment node
// The server helpers run where there is no DOM: Node's own Request, Response and Headers.
import { describe, expect, it } from 'vitest';
import { journeyCookieHandler, readJourney } from '../../../src/server';
import { encodeJourney } from '../../../src/store/codec';
import type { Journey } from '../../../src/types';

const NOW = 1_700_000_000_000;
const journey = (anonymousId: string, ...refs: string[]): Journey => ({
  anonymousId,
  touchpoints: refs.map((ref, i) => ({ id: anonymousId + ref, ts: NOW - (i + 1) * 1000, ref, channel: 'affiliate', landing: '/?ref=' + ref })),
});
const post = (body: string, url = 'https://shop.com/rt', headers: Record<string, string> = {}) =>
  new Request(url, { method: 'POST', body, headers: { 'sec-fetch-site': 'same-origin', ...headers } });

describe('journeyCookieHandler', () => {
  it('sets the validated journey as a server cookie for the window', async () => {
    const value = encodeJourney(journey('a', 'alice'));
    const response = await journeyCookieHandler()(post(value));
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toBe(`_reftrace_s=${value}; Path=/; Max-Age=2592000; SameSite=Lax; Secure`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await journeyCookieHandler()(post(value + '\r\n'))).status).toBe(204);
  });

  it('takes the domain, the window and plain http into account', async () => {
    const value = encodeJourney(journey('a', 'alice'));
    const response = await journeyCookieHandler({ domain: 'shop.com', windowDays: 60 })(post(value, 'http://shop.com/rt'));
    expect(response.headers.get('set-cookie')).toBe(`_reftrace_s=${value}; Path=/; Max-Age=5184000; SameSite=Lax; Domain=shop.com`);
    const proxied = await journeyCookieHandler({ secure: true })(post(value, 'http://internal:3000/rt'));
    expect(proxied.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it.each([
    ['garbage', 'hello'],
    ['another version', '2.' + encodeJourney(journey('a', 'alice')).slice(2)],
    ['oversized', '1.' + 'A'.repeat(5000)],
    ['a hostile referral code', encodeJourney(journey('a', '<script>'))],
    // atob skips whitespace, but a line break in Set-Cookie makes Response throw (a 500, or a crash in Node).
    ['a line break inside the value', encodeJourney(journey('a', 'alice')).replace(/(.{9})/, '$1\r\n')],
  ])('rejects %s with 400 and sets nothing', async (_, body) => {
    const response = await journeyCookieHandler()(post(body));
    expect(response.status).toBe(400);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a body longer than any journey with 413, without reading it all', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(1024).fill(65))) });
    const streamed = new Request('https://shop.com/rt', { method: 'POST', body: endless, duplex: 'half', headers: { 'sec-fetch-site': 'same-origin' } } as RequestInit);
    expect((await journeyCookieHandler()(streamed)).status).toBe(413);
    expect(pulled).toBeLessThan(10);
    for (const request of [post('1.' + 'A'.repeat(9000)), post('x', undefined, { 'content-length': '10000000' })]) {
      const response = await journeyCookieHandler()(request);
      expect([response.status, response.headers.get('set-cookie')]).toEqual([413, null]);
    }
  });

  it('clears the cookie on DELETE and on an empty body', async () => {
    for (const request of [new Request('https://shop.com/rt', { method: 'DELETE' }), post('')]) {
      const response = await journeyCookieHandler()(request);
      expect(response.status).toBe(204);
      expect(response.headers.get('set-cookie')).toBe('_reftrace_s=; Path=/; Max-Age=0; SameSite=Lax; Secure');
    }
  });

  it('refuses other methods and cross-site posts (cookie stuffing)', async () => {
    const get = await journeyCookieHandler()(new Request('https://shop.com/rt'));
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST, DELETE']);
    const stuffed = await journeyCookieHandler()(post(encodeJourney(journey('a', 'fraud')), undefined, { 'sec-fetch-site': 'cross-site' }));
    expect(stuffed.status).toBe(403);
    expect(stuffed.headers.get('set-cookie')).toBeNull();
  });
});

describe('readJourney', () => {
  const browser = encodeJourney(journey('browser', 'alice'));
  const server = encodeJourney(journey('server', 'bob'));

  it('unions both cookies, the browser cookie identity first', () => {
    const found = readJourney(`theme=dark; _reftrace=${browser}; _reftrace_s=${server}`, { now: NOW })!;
    expect(found.anonymousId).toBe('browser');
    expect(found.touchpoints.map((t) => t.ref).sort()).toEqual(['alice', 'bob']);
  });

  it('falls back to the server cookie when Safari expired the script cookie', () => {
    const request = new Request('https://shop.com/checkout', { headers: { cookie: `_reftrace_s=${server}` } });
    expect(readJourney(request, { now: NOW })).toEqual(journey('server', 'bob'));
  });

  it('ignores hostile values and old touchpoints, and has nothing without cookies', () => {
    expect(readJourney(`_reftrace=1.!!!; _reftrace_s=${server}`, { now: NOW })!.anonymousId).toBe('server');
    expect(readJourney(`_reftrace=${browser}`, { now: NOW + 31 * 864e5 })!.touchpoints).toEqual([]);
    expect(readJourney(`_reftrace_x=${browser}`)).toBeUndefined();
    expect(readJourney(new Request('https://shop.com/'))).toBeUndefined();
    expect(readJourney(undefined)).toBeUndefined();
  });
});
