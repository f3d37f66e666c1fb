import { beforeEach, describe, expect, it, vi } from 'vitest';
import { boot } from '../../../src/browser/script';

type Api = ((...args: unknown[]) => Promise<unknown> | undefined) & { q?: unknown[]; loaded?: 1 };
const w = window as unknown as { reftrace?: Api };
const stub = () => {
  const api = function () {
    (api.q = api.q || []).push(arguments);
  } as unknown as Api;
  return (w.reftrace = api);
};

beforeEach(() => {
  delete w.reftrace;
  vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })));
});

describe('script-tag boot', () => {
  it('replays the queue with init first, then serves calls directly', async () => {
    const order: string[] = [];
    stub()('ready', () => order.push('ready'));
    w.reftrace!('track', 'queued');
    w.reftrace!('init', { endpoint: '/e' });
    boot();
    expect(w.reftrace!.loaded).toBe(1);
    const event = await w.reftrace!('track', 'live');
    expect(event).toMatchObject({ type: 'track', name: 'live' });
    await w.reftrace!('ready', () => order.push('later'));
    expect(order).toEqual(['ready', 'later']);
  });

  it('throws nothing into the page, whatever it is called with', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    stub()('init', { endpoint: '/e' });
    boot();
    const calls: unknown[][] = [[], ['nope'], ['convert'], ['convert', null], ['convert', { amount: 'x', currency: 'USD' }], ['track', 42], ['identify'], ['ready', 'not a function'], ['init', null]];
    for (const call of calls) expect(() => w.reftrace!(...call)).not.toThrow();
    // Rejections are handled inside: awaiting them here is the caller's choice, not a crash.
    await Promise.allSettled(calls.map((call) => w.reftrace!(...call)));
    warn.mockRestore();
  });

  it("takes data-cookie-domain=\"\" as the documented host-only cookie, not as true", async () => {
    // A plain object: happy-dom leaves empty data-* attributes out of dataset, browsers do not.
    vi.spyOn(document, 'currentScript', 'get').mockReturnValue({ dataset: { endpoint: '/e', cookieDomain: '' } } as never);
    (window as any).happyDOM.setURL('http://www.shop.localhost/?ref=alice');
    const writes = vi.spyOn(document, 'cookie', 'set');
    boot();
    await w.reftrace!('ready', () => {});
    const journey = writes.mock.calls.map(([c]) => c).filter((c) => c.startsWith('_reftrace='));
    expect(journey.length).toBeGreaterThan(0);
    journey.forEach((c) => expect(c).not.toContain('domain='));
    vi.restoreAllMocks();
  });

  it('returns what the README says: nothing from the stub and before init, a promise from each command after', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(stub()('init', { endpoint: '/e' })).toBeUndefined();
    expect(w.reftrace!('convert', { orderId: 'queued' })).toBeUndefined();
    boot();
    for (const call of [['convert', { orderId: 'A-1' }], ['track', 'x'], ['identify', 'u-1'], ['consent', 'granted'], ['ready', () => {}], ['flush'], ['reset']])
      expect(w.reftrace!(...call), call[0] as string).toBeInstanceOf(Promise);
    expect(w.reftrace!('init', { endpoint: '/other' })).toBeUndefined();
    // Before the tracker starts (the first idle moment) an unknown command is said when it runs.
    await expect(w.reftrace!('nope')).resolves.toBeUndefined();
    await expect(w.reftrace!('convert', { amount: 1, currency: 'EURO' })).rejects.toThrow('unknown currency');
    expect(w.reftrace!('nope')).toBeUndefined();
    warn.mockRestore();
  });

  it('before init, the live API queues and returns nothing; init runs what waited', async () => {
    delete w.reftrace;
    boot();
    const sent: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => (sent.push(String(init.body)), new Response(null, { status: 204 }))));
    expect(w.reftrace!('track', 'early')).toBeUndefined();
    expect(w.reftrace!('init', { endpoint: '/e' })).toBeUndefined();
    await expect(w.reftrace!('track', 'late')).resolves.toMatchObject({ name: 'late' });
    await w.reftrace!('flush');
    const names = sent.flatMap((body) => JSON.parse(body)).map((e: { name?: string }) => e.name);
    expect(names.filter(Boolean)).toEqual(['early', 'late']);
  });

  it('says each setup mistake once, in every mode: an unknown command, an unknown model, a missing init', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    (window as any).happyDOM.setURL('http://shop.localhost/?ref=alice');
    stub()('init', { endpoint: '/e', model: 'linaer' });
    w.reftrace!('trakc', 'signup');
    boot();
    // Said as the tracker starts, at the first idle moment.
    await w.reftrace!('ready', () => {});
    expect(error.mock.calls).toEqual([['reftrace: unknown model linaer'], ['reftrace: unknown command', 'trakc']]);
    // The misspelt model costs nothing: the default model tracks meanwhile.
    const event = (await w.reftrace!('convert', { amount: 0 })) as { attribution: { model: string } };
    expect(event.attribution.model).toBe('last_touch');
    dispatchEvent(new Event('load'));
    expect(error).toHaveBeenCalledTimes(2);

    delete w.reftrace;
    stub()('track', 'signup');
    boot();
    expect(error).toHaveBeenCalledTimes(2);
    dispatchEvent(new Event('load'));
    expect(error).toHaveBeenLastCalledWith('reftrace: missing init');
    error.mockRestore();
  });

  it('holds the parser for nothing but the landing: the tracker starts at idle, or at once when the page goes away', async () => {
    (window as any).happyDOM.setURL('http://shop.localhost/?ref=alice');
    const beacons: string[] = [];
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: (_url: string, body: string) => (beacons.push(body), true) });
    stub()('init', { endpoint: '/e' });
    w.reftrace!('convert', { orderId: 'before-idle', amount: 5, currency: 'EUR' });
    boot();
    // The router rewrites the address before the tracker starts: the landing was read already.
    history.replaceState(null, '', '/');
    dispatchEvent(new Event('pagehide'));
    const sent = beacons.flatMap((body) => JSON.parse(body) as { type: string }[]);
    expect(sent.find((e) => e.type == 'conversion')).toMatchObject({ conversion: { orderId: 'before-idle' }, award: { ref: 'alice' } });
    delete (navigator as any).sendBeacon;
  });

  it('does nothing when loaded a second time', () => {
    stub()('init', { endpoint: '/e' });
    boot();
    const live = w.reftrace;
    boot();
    expect(w.reftrace).toBe(live);
  });
});
