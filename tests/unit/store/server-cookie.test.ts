import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeJourney } from '../../../src/store/codec';
import { serverCookie } from '../../../src/store/server-cookie';
import type { Journey } from '../../../src/types';

const journey = (ref: string): Journey => ({ anonymousId: 'anon', touchpoints: [{ id: ref, ts: 1, ref, channel: 'affiliate', landing: '/' }] });
let calls: [string, RequestInit][] = [];
beforeEach(() => {
  calls = [];
  document.cookie = '_reftrace_s=;max-age=0;path=/';
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => (calls.push([url, init]), new Response(null, { status: 204 }))));
});
afterEach(() => vi.unstubAllGlobals());

describe('serverCookie layer', () => {
  it('posts the encoded journey once per change, same-origin and keepalive', async () => {
    const layer = serverCookie('/rt');
    await layer.set(journey('alice'));
    await layer.set(journey('alice'));
    await layer.set(journey('bob'));
    expect(calls.map(([url, init]) => [url, init.method, init.body])).toEqual([
      ['/rt', 'POST', encodeJourney(journey('alice'))],
      ['/rt', 'POST', encodeJourney(journey('bob'))],
    ]);
    expect(calls[0][1]).toMatchObject({ keepalive: true, credentials: 'same-origin' });
  });

  it('does not post what the server already holds (a later page)', async () => {
    document.cookie = `_reftrace_s=${encodeJourney(journey('alice'))};path=/`;
    const layer = serverCookie('/rt');
    expect(await layer.get()).toEqual(journey('alice'));
    await layer.set(journey('alice'));
    expect(calls).toEqual([]);
  });

  it('ignores a hostile cookie', () => {
    document.cookie = '_reftrace_s=1.e30;path=/';
    expect(serverCookie('/rt').get()).toBeUndefined();
  });

  it('sends DELETE only when there is a cookie to clear, then posts again', async () => {
    const layer = serverCookie('/rt');
    await layer.del();
    expect(calls).toEqual([]);
    document.cookie = `_reftrace_s=${encodeJourney(journey('alice'))};path=/`;
    await layer.del();
    document.cookie = '_reftrace_s=;max-age=0;path=/';
    await layer.set(journey('alice'));
    expect(calls.map(([, init]) => init.method)).toEqual(['DELETE', 'POST']);
  });

  it('posts again after a failed request, and not after a delivered one', async () => {
    const statuses = [503, 0, 204];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        calls.push([url, init]);
        const status = statuses.shift();
        if (!status) throw new TypeError('Failed to fetch');
        return new Response(null, { status });
      }),
    );
    const layer = serverCookie('/rt');
    await layer.set(journey('alice'));
    await layer.set(journey('alice'));
    await layer.set(journey('alice'));
    await layer.set(journey('alice'));
    expect(calls.length).toBe(3);
  });
});
