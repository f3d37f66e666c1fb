import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../../src/index';
import { readJourney } from '../../../src/server';
import { encodeJourney } from '../../../src/store/codec';
import { mergeJourneys } from '../../../src/store/journey';

// The device clock ran an hour fast when the partner's link was followed, then was corrected.
const HOUR = 36e5;
const T = 1_700_000_000_000;
const early = { id: 'fast', ts: T + HOUR, ref: 'alice', channel: 'affiliate' as const, landing: '/?ref=alice' };

beforeEach(() => {
  localStorage.clear();
  document.cookie.split('; ').forEach((c) => (document.cookie = c.split('=')[0] + '=;max-age=0;path=/'));
  vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })));
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('a touch captured on a clock that ran ahead', () => {
  it('still earns the conversion on the same page once the clock is corrected', async () => {
    vi.setSystemTime(T + HOUR);
    (window as any).happyDOM.setURL('http://skew.localhost/?ref=alice');
    const tracker = createTracker({ endpoint: '/e', clicks: false });
    await tracker.ready;
    vi.setSystemTime(T);
    expect(tracker.touchpoints().map((t) => t.ref)).toEqual(['alice']);
    expect((await tracker.convert({ orderId: 'S-1' }))!.award).toMatchObject({ ref: 'alice', reason: 'last_click' });
  });

  it('still earns it on a later page', async () => {
    vi.setSystemTime(T + HOUR);
    (window as any).happyDOM.setURL('http://skew.localhost/?ref=alice');
    await createTracker({ endpoint: '/e', clicks: false }).ready;
    vi.setSystemTime(T);
    (window as any).happyDOM.setURL('http://skew.localhost/thanks');
    const tracker = createTracker({ endpoint: '/e', clicks: false });
    await tracker.ready;
    expect((await tracker.convert({ orderId: 'S-2' }))!.award.ref).toBe('alice');
  });

  it('is brought back to now when journeys are merged, in order, and so on the server', () => {
    const later = { ...early, id: 'later', ref: 'bob', ts: T + 2 * HOUR };
    const merged = mergeJourneys([{ anonymousId: 'a', touchpoints: [early, later] }], T, 30)!;
    expect(merged.touchpoints.map((t) => [t.id, t.ts])).toEqual([
      ['fast', T],
      ['later', T],
    ]);
    expect(readJourney(`_reftrace=${encodeJourney({ anonymousId: 'a', touchpoints: [early] })}`, { now: T })!.touchpoints[0].ts).toBe(T);
  });
});
