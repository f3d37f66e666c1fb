import { describe, expect, it } from 'vitest';
import { decodeJourney, encodeJourney } from '../../../src/store/codec';
import { mergeJourneys } from '../../../src/store/journey';
import type { Journey, Touchpoint } from '../../../src/types';

const tp = (i: number, extra: Partial<Touchpoint> = {}): Touchpoint => ({
  id: 'tp' + i,
  ts: 1_700_000_000_000 + i * 1000,
  ref: 'partner' + i,
  channel: 'affiliate',
  landing: `/p/${i}?ref=partner${i}`,
  ...extra,
});
const journey = (n: number): Journey => ({ anonymousId: 'anon_1', touchpoints: Array.from({ length: n }, (_, i) => tp(i)) });

describe('cookie codec', () => {
  it('round-trips a journey, Unicode and click ids included', () => {
    const j: Journey = {
      anonymousId: 'a-b_c',
      userId: 'user 42',
      touchpoints: [tp(1, { ref: 'zoë', clickIds: { gclid: 'x.y' }, source: 'news letter', referrer: 'blog.example', flags: ['brand_bid'] }), tp(2)],
    };
    const value = encodeJourney(j);
    expect(value).toMatch(/^1\.[\w-]+$/);
    expect(decodeJourney(value)).toEqual(j);
  });

  it('trims the oldest touchpoints to stay under the size limit, however long the journey', () => {
    const value = encodeJourney(journey(200));
    expect(value.length).toBeLessThanOrEqual(3000);
    const back = decodeJourney(value)!;
    expect(back.touchpoints.length).toBeGreaterThan(5);
    expect(back.touchpoints.at(-1)!.id).toBe('tp199');
  });

  it('leaves out a touchpoint too large for the cookie on its own, not every other one with it', () => {
    const huge = tp(9, { landing: '/?ref=partner9&' + 'x'.repeat(1990), content: 'c'.repeat(256), term: 't'.repeat(256) });
    const value = encodeJourney({ anonymousId: 'anon_1', touchpoints: [tp(1), tp(2), huge] });
    expect(decodeJourney(value)!.touchpoints.map((t) => t.id)).toEqual(['tp1', 'tp2']);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['another version', '2.' + encodeJourney(journey(1)).slice(2)],
    ['not base64', '1.!!!'],
    ['not JSON', '1.' + btoa('{nope')],
    ['the wrong shape', '1.' + btoa(JSON.stringify({ a: 1 }))],
    ['a hostile referral code', encodeJourney({ anonymousId: 'a', touchpoints: [tp(1, { ref: '<script>' })] })],
    ['a non-numeric time', '1.' + btoa(JSON.stringify(['a', 0, [['id', 'soon', 0, 'direct', 0, 0, 0, 0, 0, 0, '/', 0, 0]]]))],
    ['oversized', '1.' + 'A'.repeat(5000)],
  ])('ignores a cookie that is %s', (_, value) => expect(decodeJourney(value)).toBeUndefined());
});

describe('mergeJourneys', () => {
  const now = 1_700_000_100_000;
  it('unions touchpoints by id, oldest first, inside the window; the first identity wins', () => {
    const a: Journey = { anonymousId: 'cookie', touchpoints: [tp(3), tp(1)] };
    const b: Journey = { anonymousId: 'idb', userId: 'u1', touchpoints: [tp(2), tp(1), tp(-1e9)] };
    expect(mergeJourneys([undefined, a, b], now, 30)).toEqual({ anonymousId: 'cookie', userId: 'u1', touchpoints: [tp(1), tp(2), tp(3)] });
  });
  it('gives nothing when no layer had a journey', () => expect(mergeJourneys([undefined, undefined], now, 30)).toBeUndefined());
});
