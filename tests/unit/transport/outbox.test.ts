import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DROPPED } from '../../../src/debug/notes';
import type { WireEvent } from '../../../src/events/event';
import type { Outbox, OutboxOptions } from '../../../src/transport';
import { ev, settle } from './helpers';

/*
 * happy-dom has no IndexedDB, so the outbox lives in its localStorage fallback here, which makes
 * its content easy to inspect; persist.test covers the IndexedDB path.
 */
const ENDPOINT = 'https://collect.test/e';
type Call = { url: string; init: RequestInit; events: WireEvent[] };

let calls: Call[];
let reply: (call: Call) => Promise<{ status: number; headers?: Record<string, string>; type?: ResponseType; body?: unknown }>;
let listeners: [string, EventListenerOrEventListenerObject][];
let images: { src: string; ok: boolean }[];
let imageOk: boolean;

const stored = (): Record<string, { e: WireEvent; a: number; t: number }> => JSON.parse(localStorage.getItem('reftrace:outbox') || '{}');
const ids = (list: { id: string }[]) => list.map((e) => e.id);

const create = async (options: Partial<OutboxOptions> = {}): Promise<Outbox> => {
  const { createOutbox } = await import('../../../src/transport');
  return createOutbox({ endpoint: ENDPOINT, ...options });
};

beforeEach(() => {
  vi.resetModules();
  vi.useFakeTimers();
  localStorage.clear();
  calls = [];
  images = [];
  imageOk = true;
  reply = async () => ({ status: 204 });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const call = { url, init, events: JSON.parse(init.body as string) };
      calls.push(call);
      const { status, headers, type = 'basic', body = null } = await reply(call);
      return { status, headers: new Headers(headers), type, body };
    }),
  );
  Object.defineProperty(navigator, 'sendBeacon', { configurable: true, writable: true, value: vi.fn(() => true) });
  vi.stubGlobal(
    'Image',
    class {
      onload?: () => void;
      onerror?: () => void;
      set src(src: string) {
        const ok = imageOk;
        images.push({ src, ok });
        queueMicrotask(() => (ok ? this.onload?.() : this.onerror?.()));
      }
    },
  );
  // Each outbox listens on the window: forget them after each test.
  listeners = [];
  const add = window.addEventListener.bind(window);
  vi.spyOn(window, 'addEventListener').mockImplementation((type: string, listener: any, o?: any) => {
    listeners.push([type, listener]);
    add(type, listener, o);
  });
});

afterEach(() => {
  listeners.forEach(([type, listener]) => window.removeEventListener(type, listener));
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  delete (navigator as any).sendBeacon;
  delete (navigator as any).locks;
});

describe('outbox', () => {
  it('POSTs a CORS-simple JSON batch and forgets the event on a 2xx', async () => {
    const outbox = await create();
    const e = ev('conversion');
    await outbox.push(e);
    await outbox.flush();
    expect(calls).toHaveLength(1);
    const [{ url, init, events }] = calls;
    expect(url).toBe(ENDPOINT);
    expect(init).toMatchObject({ method: 'POST', keepalive: true, credentials: 'omit' });
    expect(init.headers).toBeUndefined();
    expect(init.mode).toBeUndefined();
    expect(typeof init.body).toBe('string');
    expect(events).toEqual([{ ...e, sentAt: Date.now() }]);
    expect(stored()).toEqual({});
  });

  it('persists before the first attempt', async () => {
    let seen: unknown;
    reply = async () => ((seen = stored()), { status: 204 });
    const outbox = await create();
    const e = ev();
    await outbox.push(e);
    await outbox.flush();
    expect(Object.keys(seen as object)).toEqual([e.id]);
  });

  it('keeps the event on 503 and retries it later with the same id, ts and a new sentAt', async () => {
    const statuses = [503, 503, 204];
    reply = async () => ({ status: statuses.shift()! });
    const outbox = await create();
    const e = ev();
    await outbox.push(e);
    await outbox.flush();
    expect(calls).toHaveLength(1);
    expect(stored()[e.id]).toMatchObject({ a: 1 });
    await vi.advanceTimersByTimeAsync(5 * 60e3);
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => c.events[0].id)).toEqual([e.id, e.id, e.id]);
    expect(calls.every((c) => c.events[0].ts == e.ts)).toBe(true);
    expect(calls[2].events[0].sentAt).toBeGreaterThan(calls[0].events[0].sentAt!);
    expect(stored()).toEqual({});
  });

  it('backs off exponentially while the endpoint stays down', async () => {
    reply = async () => ({ status: 500 });
    const outbox = await create();
    await outbox.push(ev());
    await outbox.flush();
    await vi.advanceTimersByTimeAsync(60 * 60e3);
    // Full jitter up to 1 s, 2 s, 4 s, …: an hour holds far fewer attempts than a fixed 1 s retry would.
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.length).toBeLessThan(40);
  });

  it('honours Retry-After on 429', async () => {
    const statuses = [429, 204];
    reply = async () => ({ status: statuses.shift()!, headers: { 'retry-after': '120' } });
    const outbox = await create();
    const e = ev();
    await outbox.push(e);
    await outbox.flush();
    await vi.advanceTimersByTimeAsync(110e3);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20e3);
    expect(calls).toHaveLength(2);
    expect(calls[1].events[0].id).toBe(e.id);
  });

  it('keeps the event on a network error and retries it', async () => {
    imageOk = false;
    let fail = true;
    reply = async () => {
      if (fail) throw TypeError('Failed to fetch');
      return { status: 200 };
    };
    const outbox = await create();
    const e = ev();
    await outbox.push(e);
    await outbox.flush();
    expect(stored()[e.id]).toMatchObject({ a: 1 });
    fail = false;
    await vi.advanceTimersByTimeAsync(5 * 60e3);
    expect(calls.map((c) => c.events[0].id)).toEqual([e.id, e.id]);
    expect(stored()).toEqual({});
  });

  it('gives up on a request after 10 s and retries', async () => {
    imageOk = false;
    reply = (call) => new Promise((_, reject) => call.init.signal!.addEventListener('abort', () => reject(Error('aborted'))));
    const outbox = await create();
    const e = ev();
    await outbox.push(e);
    const flushed = outbox.flush();
    await vi.advanceTimersByTimeAsync(10e3);
    await flushed;
    expect(stored()[e.id]).toMatchObject({ a: 1 });
  });

  it('drops and reports an event the endpoint rejects with 400', async () => {
    reply = async () => ({ status: 400 });
    const onError = vi.fn();
    const note = vi.fn();
    const outbox = await create({ onError, note });
    const e = ev();
    await outbox.push(e);
    await outbox.flush();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'reftrace: HTTP 400' }), e);
    expect(note).toHaveBeenCalledWith(DROPPED, 'HTTP 400', e);
    expect(stored()).toEqual({});
    await vi.advanceTimersByTimeAsync(36e5);
    expect(calls).toHaveLength(1);
  });

  it('drops and reports what is still undelivered after 7 days', async () => {
    reply = async () => ({ status: 503 });
    const onError = vi.fn();
    const outbox = await create({ onError });
    const e = ev('conversion');
    await outbox.push(e);
    await vi.advanceTimersByTimeAsync(7 * 864e5 + 2 * 36e5);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'reftrace: expired' }), e);
    expect(stored()).toEqual({});
  });

  it('flush resolves with a dead endpoint, and when there is nothing to send', async () => {
    const outbox = await create();
    await outbox.flush();
    reply = async () => ({ status: 503 });
    await outbox.push(ev());
    await expect(outbox.flush()).resolves.toBeUndefined();
  });

  it('batches under the keepalive budget, one request at a time', async () => {
    let open = 0;
    let most = 0;
    reply = async () => {
      most = Math.max(most, ++open);
      await new Promise((r) => setTimeout(r, 50));
      open--;
      return { status: 204 };
    };
    const outbox = await create();
    const events = Array.from({ length: 150 }, () => ev('track', Date.now(), 1000));
    await Promise.all(events.map((e) => outbox.push(e)));
    const flushed = outbox.flush();
    await vi.advanceTimersByTimeAsync(5000);
    await flushed;
    expect(calls.length).toBeGreaterThan(4);
    expect(most).toBe(1);
    for (const c of calls) {
      expect(new Blob([c.init.body as string]).size).toBeLessThanOrEqual(32768);
      expect(c.init.keepalive).toBe(true);
    }
    expect(calls.flatMap((c) => ids(c.events)).sort()).toEqual(ids(events).sort());
  });

  it('sends an event bigger than the budget alone, without keepalive', async () => {
    const outbox = await create();
    const small = ev();
    const big = ev('conversion', Date.now(), 100_000);
    await Promise.all([outbox.push(small), outbox.push(big)]);
    await outbox.flush();
    const bigCall = calls.find((c) => c.events.some((e) => e.id == big.id))!;
    expect(ids(bigCall.events)).toEqual([big.id]);
    expect(bigCall.init.keepalive).toBe(false);
    expect(calls.find((c) => c != bigCall)!.init.keepalive).toBe(true);
    expect(stored()).toEqual({});
  });

  it('stays under its bound with 1,000 events into a dead endpoint, conversions kept', async () => {
    reply = async () => ({ status: 503 });
    const onError = vi.fn();
    const outbox = await create({ onError });
    const events = Array.from({ length: 1000 }, (_, i) => ev(i % 20 ? 'track' : 'conversion', Date.now() + i, 200));
    for (let i = 0; i < 1000; i += 100) await Promise.all(events.slice(i, i + 100).map((e) => outbox.push(e)));
    await outbox.flush();
    const box = stored();
    const kept = Object.values(box);
    expect(kept.length).toBeLessThanOrEqual(200);
    expect(JSON.stringify(box).length).toBeLessThan(300_000);
    expect(kept.filter((x) => x.e.type == 'conversion')).toHaveLength(50);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'reftrace: outbox full' }), expect.anything());
    expect(onError.mock.calls.length).toBe(1000 - kept.length);
  });

  it('delivers a burst of 1,000 events in one tick to a live endpoint, none lost', async () => {
    const onError = vi.fn();
    const outbox = await create({ onError });
    const events = Array.from({ length: 1000 }, (_, i) => ev(i % 20 ? 'track' : 'conversion', Date.now() + i, 200));
    await Promise.all(events.map((e) => outbox.push(e)));
    await outbox.flush();
    expect(onError).not.toHaveBeenCalled();
    expect(new Set(calls.flatMap((c) => ids(c.events))).size).toBe(1000);
    expect(stored()).toEqual({});
  });

  it('sends on load what an earlier page left, once due', async () => {
    reply = async () => ({ status: 503 });
    const first = await create();
    const e = ev();
    await first.push(e);
    await first.flush();
    listeners.forEach(([type, listener]) => window.removeEventListener(type, listener));
    vi.clearAllTimers();

    // The next page: a new outbox reading the same storage.
    vi.resetModules();
    reply = async () => ({ status: 204 });
    calls = [];
    await create();
    await vi.advanceTimersByTimeAsync(1500);
    expect(ids(calls.flatMap((c) => c.events))).toEqual([e.id]);
    expect(stored()).toEqual({});
  });

  it('retries at once when the browser comes back online', async () => {
    imageOk = false;
    reply = async () => {
      throw TypeError('offline');
    };
    const outbox = await create();
    const e = ev();
    await outbox.push(e);
    await outbox.flush();
    await vi.advanceTimersByTimeAsync(60e3);
    const before = calls.length;
    reply = async () => ({ status: 204 });
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    await outbox.flush();
    expect(calls.length).toBe(before + 1);
    expect(stored()).toEqual({});
  });

  it('falls back to the pixel when fetch fails, with the batch in d', async () => {
    reply = async () => {
      throw TypeError('blocked');
    };
    const outbox = await create();
    const e = ev();
    await outbox.push(e);
    await outbox.flush();
    expect(images).toHaveLength(1);
    const url = new URL(images[0].src);
    expect(url.origin + url.pathname).toBe(ENDPOINT);
    expect(ids(JSON.parse(url.searchParams.get('d')!))).toEqual([e.id]);
    expect(stored()).toEqual({});
  });

  it('uses only the pixel without fetch and sendBeacon, in batches that fit a URL', async () => {
    vi.stubGlobal('fetch', undefined);
    delete (navigator as any).sendBeacon;
    const { createOutbox } = await import('../../../src/transport');
    const outbox = createOutbox({ endpoint: ENDPOINT + '?key=k' });
    const events = Array.from({ length: 20 }, () => ev('track', Date.now(), 300));
    await Promise.all(events.map((e) => outbox.push(e)));
    await outbox.flush();
    expect(images.length).toBeGreaterThan(1);
    for (const { src } of images) {
      expect(src.length).toBeLessThan(8000);
      expect(new URL(src).searchParams.get('key')).toBe('k');
    }
    expect(images.flatMap(({ src }) => ids(JSON.parse(new URL(src).searchParams.get('d')!)))).toEqual(ids(events));
    expect(stored()).toEqual({});
  });

  it('beacons on pagehide what this page queued and is not already in a request', async () => {
    reply = () => new Promise(() => {});
    const outbox = await create();
    const a = ev();
    await outbox.push(a);
    await settle();
    expect(calls).toHaveLength(1); // a is in a keepalive request, which outlives the page
    const b = ev();
    const c = ev('conversion');
    await Promise.all([outbox.push(b), outbox.push(c)]);
    window.dispatchEvent(new Event('pagehide'));
    const beacon = navigator.sendBeacon as unknown as ReturnType<typeof vi.fn>;
    expect(beacon).toHaveBeenCalledTimes(1);
    const [url, body] = beacon.mock.calls[0] as unknown as [string, string];
    expect(url).toBe(ENDPOINT);
    expect(typeof body).toBe('string');
    expect(ids(JSON.parse(body))).toEqual([b.id, c.id]);
    expect(JSON.parse(body)[0].sentAt).toBe(Date.now());
    // Queued by the browser: not again on the next hide.
    window.dispatchEvent(new Event('pagehide'));
    expect(beacon).toHaveBeenCalledTimes(1);
  });

  it('beacons on visibilitychange to hidden, even before the write completed', async () => {
    const outbox = await create();
    const e = ev();
    void outbox.push(e);
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    try {
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    } finally {
      delete (document as any).hidden;
    }
    const beacon = navigator.sendBeacon as unknown as ReturnType<typeof vi.fn>;
    expect(ids(JSON.parse(beacon.mock.calls[0][1]))).toEqual([e.id]);
  });

  it('falls back to the pixel when sendBeacon refuses', async () => {
    (navigator as any).sendBeacon = vi.fn(() => false);
    reply = () => new Promise(() => {});
    const outbox = await create();
    await outbox.push(ev()); // in flight
    await settle();
    const e = ev();
    await outbox.push(e);
    window.dispatchEvent(new Event('pagehide'));
    expect(images.map(({ src }) => ids(JSON.parse(new URL(src).searchParams.get('d')!)))).toEqual([[e.id]]);
  });

  it('sends nothing while another tab holds the lock, then sends once it is free', async () => {
    let busy = true;
    const request = vi.fn((_name: string, _options: LockOptions, work: (lock: Lock | null) => unknown) =>
      Promise.resolve(work(busy ? null : ({ name: 'reftrace-outbox' } as Lock))),
    );
    Object.defineProperty(navigator, 'locks', { configurable: true, value: { request } });
    const outbox = await create();
    const e = ev();
    await outbox.push(e);
    await outbox.flush();
    expect(request).toHaveBeenCalledWith('reftrace-outbox', { ifAvailable: true }, expect.any(Function));
    expect(calls).toHaveLength(0);
    busy = false;
    await vi.advanceTimersByTimeAsync(1500);
    expect(ids(calls.flatMap((c) => c.events))).toEqual([e.id]);
  });

  it('sends at once where the page may not use Web Locks (all cookies blocked: the request rejects)', async () => {
    const request = vi.fn(() => Promise.reject(new DOMException('request() is not allowed in this context', 'SecurityError')));
    Object.defineProperty(navigator, 'locks', { configurable: true, value: { request } });
    const outbox = await create();
    const e = ev();
    await outbox.push(e);
    await outbox.flush();
    expect(request).toHaveBeenCalled();
    expect(ids(calls.flatMap((c) => c.events))).toEqual([e.id]);
    expect(stored()).toEqual({});
  });

  it('without Web Locks, two tabs never send the same entry (leases)', async () => {
    reply = async () => {
      await new Promise((r) => setTimeout(r, 100));
      return { status: 204 };
    };
    const one = await create();
    vi.resetModules();
    const two = await create();
    const events = Array.from({ length: 30 }, () => ev());
    await Promise.all(events.map((e, i) => (i % 2 ? one : two).push(e)));
    const both = Promise.all([one.flush(), two.flush(), one.flush(), two.flush()]);
    await vi.advanceTimersByTimeAsync(2000);
    await both;
    const sent = ids(calls.flatMap((c) => c.events));
    expect(sent.sort()).toEqual(ids(events).sort());
  });

  it('reports an event that cannot be serialized, without rejecting', async () => {
    const onError = vi.fn();
    const outbox = await create({ onError });
    const e = ev() as any;
    e.properties.self = e;
    await expect(outbox.push(e)).resolves.toBeUndefined();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'reftrace: bad event' }), e);
  });

  it('sends a copy: later changes by the caller do not reach the wire', async () => {
    reply = () => new Promise(() => {});
    const outbox = await create();
    await outbox.push(ev()); // in flight
    await settle();
    const e = ev() as any;
    void outbox.push(e);
    e.name = 'changed';
    window.dispatchEvent(new Event('pagehide'));
    const beacon = navigator.sendBeacon as unknown as ReturnType<typeof vi.fn>;
    expect(JSON.parse(beacon.mock.calls[0][1])[0].name).toBe('x');
  });

  it('stop ends writes, sends, retries and beacons on this page', async () => {
    reply = async () => ({ status: 503 });
    const outbox = await create();
    await outbox.push(ev());
    await outbox.flush();
    outbox.stop();
    localStorage.clear();
    const before = calls.length;
    await outbox.push(ev());
    await outbox.flush();
    await vi.advanceTimersByTimeAsync(36e5);
    window.dispatchEvent(new Event('pagehide'));
    expect(calls.length).toBe(before);
    expect(navigator.sendBeacon).not.toHaveBeenCalled();
    expect(localStorage.length).toBe(0);
  });

  it('stop during a round (consent withdrawn): no next batch, no pixel, no write after the erase', async () => {
    let fail!: (error: Error) => void;
    reply = () => new Promise((_, reject) => (fail = reject));
    const outbox = await create();
    // Two events over the budget together: two requests, one at a time.
    await Promise.all([outbox.push(ev('track', Date.now(), 20_000)), outbox.push(ev('track', Date.now(), 20_000))]);
    expect(calls).toHaveLength(1);
    outbox.stop();
    localStorage.clear();
    fail(TypeError('network'));
    await vi.advanceTimersByTimeAsync(36e5);
    expect(calls).toHaveLength(1);
    expect(images).toEqual([]);
    expect(localStorage.length).toBe(0);
  });

  it('stop while a failed request releases its lease: no pixel, no write after the erase', async () => {
    reply = async () => {
      throw TypeError('network');
    };
    const outbox = await create();
    await settle();
    const real = localStorage;
    // Consent is withdrawn in the first write after the failed request: the lease's release.
    vi.stubGlobal(
      'localStorage',
      new Proxy(real, {
        get: (t, k) => (typeof (t as any)[k] == 'function' ? (t as any)[k].bind(t) : Reflect.get(t, k)),
        set: (t, k, v) => (Reflect.set(t, k, v), calls.length && (outbox.stop(), real.clear()), true),
      }),
    );
    await outbox.push(ev('conversion'));
    await vi.advanceTimersByTimeAsync(36e5);
    expect(calls).toHaveLength(1);
    expect(images).toEqual([]);
    expect(real.length).toBe(0);
  });

  it('stop between two runs of a round sends no next run', async () => {
    reply = async () => ({ status: 400 });
    // Stopped from the report of the first run's drop: the moment between two runs.
    const outbox: Outbox = await create({ onError: () => outbox.stop() });
    await Promise.all([outbox.push(ev('track', Date.now(), 20_000)), outbox.push(ev('track', Date.now(), 20_000))]);
    await vi.advanceTimersByTimeAsync(36e5);
    expect(calls).toHaveLength(1);
  });
});

describe('a corrupted outbox in storage', () => {
  it.each([['null', '{"x":null}'], ['a number', '{"x":1}'], ['no event', '{"x":{"a":1}}'], ['an array', '[1]']])(
    'with an entry of %s still queues and delivers',
    async (_, value) => {
      localStorage.setItem('reftrace:outbox', value);
      const onError = vi.fn();
      const outbox = await create({ onError });
      const e = ev('conversion');
      await outbox.push(e);
      await outbox.flush();
      expect(onError).not.toHaveBeenCalled();
      expect(calls.flatMap((c) => ids(c.events))).toEqual([e.id]);
      expect(stored()).toEqual({});
    },
  );
});

it('a device clock set back does not strand entries leased or scheduled by the later clock', async () => {
  const e = ev('conversion');
  const now = Date.now();
  // Written while the clock was 3 days ahead: leased and not due, by that clock, for days yet.
  localStorage.setItem('reftrace:outbox', JSON.stringify({ [e.id]: { e, s: 300, a: 2, t: now + 3 * 864e5 + 4e3, l: now + 3 * 864e5 + 3e4 } }));
  const outbox = await create();
  await outbox.flush();
  expect(calls.flatMap((c) => ids(c.events))).toEqual([e.id]);
});

it('leaves an entry to the tab that leased it just after this round began (no Web Locks)', async () => {
  const e = ev('conversion');
  const t = Date.now();
  localStorage.setItem('reftrace:outbox', JSON.stringify({ [e.id]: { e, s: 300, a: 0, t: 0, l: 0 } }));
  // This tab's first round begins now; a millisecond later, before its write, another tab leases the entry.
  await create();
  vi.setSystemTime(t + 1);
  localStorage.setItem('reftrace:outbox', JSON.stringify({ [e.id]: { e, s: 300, a: 0, t: 0, l: t + 1 + 3e4 } }));
  await settle(50);
  expect(calls).toEqual([]);
});

describe('what the collector answers (issue 9)', () => {
  it('asks fetch not to follow redirects', async () => {
    const outbox = await create();
    await outbox.push(ev());
    await outbox.flush();
    expect(calls[0].init.redirect).toBe('manual');
  });

  it.each([
    ['an opaque redirect (browsers)', { status: 0, type: 'opaqueredirect' as ResponseType }],
    ['a 301 (runtimes that expose it)', { status: 301 }],
    ['a 307', { status: 307 }],
  ])('%s is not a delivery: the events stay, are retried, and the redirect is reported', async (_, answer) => {
    const statuses = [answer, { status: 204 }];
    reply = async () => statuses.shift()!;
    const onError = vi.fn();
    const outbox = await create({ onError });
    const e = ev('conversion');
    await outbox.push(e);
    await outbox.flush();
    // Kept, with an attempt counted, and no pixel: a GET would follow the redirect as blindly.
    expect(stored()[e.id]).toMatchObject({ a: 1 });
    expect(images).toEqual([]);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0][0].message).toMatch(/redirect/);
    // Nothing was dropped, so there is no event to hand over.
    expect(onError.mock.calls[0][1]).toBeUndefined();
    await vi.advanceTimersByTimeAsync(5 * 60e3);
    expect(stored()).toEqual({});
    expect(calls.map((c) => ids(c.events))).toEqual([[e.id], [e.id]]);
  });

  it('splits a batch refused with 413 until it passes, and drops (and reports) only an event too large alone', async () => {
    // A gateway in front of the collector that takes at most 3,000 bytes.
    const accepted: string[] = [];
    reply = async (call) => ((call.init.body as string).length > 3000 ? { status: 413 } : (accepted.push(...ids(call.events)), { status: 204 }));
    const onError = vi.fn();
    const outbox = await create({ onError });
    const small = Array.from({ length: 12 }, (_, i) => ev(i % 3 ? 'track' : 'conversion', Date.now(), 400));
    const big = ev('track', Date.now(), 5000);
    await Promise.all([...small.slice(0, 6), big, ...small.slice(6)].map((e) => outbox.push(e)));
    await outbox.flush();
    expect(accepted.sort()).toEqual(ids(small).sort());
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'reftrace: HTTP 413' }), big);
    expect(stored()).toEqual({});
  });

  it.each([400, 422])('isolates a %s to the event that caused it: the rest of the batch is delivered', async (status) => {
    const bad = ev('track', Date.now(), 10);
    reply = async (call) => ({ status: call.events.some((e) => e.id == bad.id) ? status : 204 });
    const onError = vi.fn();
    const outbox = await create({ onError });
    const good = Array.from({ length: 20 }, (_, i) => ev(i % 4 ? 'track' : 'conversion'));
    await Promise.all([...good.slice(0, 13), bad, ...good.slice(13)].map((e) => outbox.push(e)));
    await outbox.flush();
    const accepted = calls.filter((c) => !c.events.some((e) => e.id == bad.id)).flatMap((c) => ids(c.events));
    expect(accepted.sort()).toEqual(ids(good).sort());
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'reftrace: HTTP ' + status }), bad);
    // Halving: a handful of requests, not one per event.
    expect(calls.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(21)) + 1);
    expect(stored()).toEqual({});
  });

  it('still drops a batch refused for what it is not (404): no request per event', async () => {
    reply = async () => ({ status: 404 });
    const onError = vi.fn();
    const outbox = await create({ onError });
    await Promise.all(Array.from({ length: 8 }, () => outbox.push(ev())));
    await outbox.flush();
    expect(calls).toHaveLength(1);
    expect(onError).toHaveBeenCalledTimes(8);
  });

  it('cancels the response body: a slow body must not hold the keepalive budget', async () => {
    const cancel = vi.fn(async () => {});
    reply = async () => ({ status: 200, body: { cancel } });
    const outbox = await create();
    await outbox.push(ev());
    await outbox.flush();
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(stored()).toEqual({});
  });
});

it('a collector that never answers: what pages closed before their request ended left counts against the bound', async () => {
  // Each page lives 5 s: less than the 10 s a request is given, so no attempt ever completes.
  reply = () => new Promise(() => {});
  imageOk = false;
  for (let page = 0; page < 8; page++) {
    vi.resetModules();
    const outbox = await create();
    await Promise.all(Array.from({ length: 60 }, (_, i) => outbox.push(ev(i % 10 ? 'track' : 'conversion', Date.now(), 200))));
    await vi.advanceTimersByTimeAsync(5e3);
    listeners.forEach(([type, listener]) => window.removeEventListener(type, listener));
    vi.clearAllTimers();
  }
  vi.resetModules();
  const last = await create();
  await last.push(ev());
  const box = Object.values(stored());
  // 480 events queued by earlier pages, never answered: the bound (200) holds, conversions first.
  expect(box.length).toBeLessThanOrEqual(201);
  expect(box.filter((x) => x.e.type == 'conversion')).toHaveLength(48);
});
