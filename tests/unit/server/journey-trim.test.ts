// @vitest-environment node
// A server that reads the journey cookie must pay the partner the browser would, however long the
// journey grew: trimming to the cookie's size keeps what attribution needs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { award, firstTouch, lastTouch } from '../../../src/attribution';
import { attribute, readJourney } from '../../../src/server';
import { encodeJourney } from '../../../src/store/codec';
import type { Channel, Journey, Touchpoint } from '../../../src/types';

const NOW = 1_700_000_000_000;
const MIN = 60e3;
const visit = (i: number, extra: Partial<Touchpoint> = {}): Touchpoint => ({
  id: 'tp' + i,
  ts: NOW - (100 - i) * MIN,
  channel: 'organic_search',
  landing: `/blog/article-number-${i}-${'about-shoes-'.repeat(8)}?utm_source=newsletter&utm_campaign=spring-sale-${i}`,
  referrer: 'www.google.com',
  ...extra,
});
const partner = (i: number, ref: string, extra: Partial<Touchpoint> = {}) => visit(i, { ref, channel: 'affiliate', landing: '/?ref=' + ref, referrer: undefined, ...extra });
const throughCookie = (journey: Journey) => readJourney(`_reftrace=${encodeJourney(journey)}`, { now: NOW })!.touchpoints;
const facts = { ts: NOW, amount: 1000 };

describe('the journey cookie, trimmed', () => {
  const touchpoints = [partner(0, 'alice'), ...Array.from({ length: 40 }, (_, i) => visit(i + 1)), partner(41, 'bob'), visit(42)];
  const journey = { anonymousId: 'a1', touchpoints };

  it('keeps the first and the last partner touch, and the last touch', () => {
    expect(encodeJourney(journey).length).toBeLessThanOrEqual(3000);
    const kept = throughCookie(journey);
    expect(kept.length).toBeLessThan(touchpoints.length);
    expect(kept.map((t) => t.id)).toEqual(expect.arrayContaining(['tp0', 'tp41', 'tp42']));
    // Still in journey order.
    expect(kept.map((t) => t.ts)).toEqual([...kept.map((t) => t.ts)].sort((a, b) => a - b));
  });

  it('pays the partner the browser pays, under first click and last click', () => {
    for (const policy of ['first_click', 'last_click'] as const)
      expect(award(throughCookie(journey), facts, { policy })).toEqual(award(touchpoints, facts, { policy }));
    expect(award(throughCookie(journey), facts, { policy: 'first_click' }).ref).toBe('alice');
  });

  it('keeps the first partner touch that qualifies when the first one carries a flag', () => {
    const flagged = { anonymousId: 'a1', touchpoints: [partner(0, 'brand', { flags: ['brand_bid'] }), partner(1, 'alice'), ...touchpoints.slice(1)] };
    expect(award(throughCookie(flagged), facts, { policy: 'first_click' }).ref).toBe('alice');
  });

  it('credits as the browser does under first and last touch', () => {
    const paid = (t: Touchpoint[], model = firstTouch()) => attribute(t, facts, { model }).credits.filter((c) => c.amount);
    for (const model of [firstTouch(), lastTouch()]) expect(paid(throughCookie(journey), model)).toEqual(paid(touchpoints, model));
  });

  it('pays as the browser does for any journey of touches that each fit a fifth of the cookie', () => {
    const channels: Channel[] = ['affiliate', 'paid_search', 'organic_search', 'email', 'direct', 'referral'];
    const touch = fc.record({
      channel: fc.constantFrom(...channels),
      ref: fc.option(fc.constantFrom('alice', 'bob', 'carol', 'dave'), { nil: undefined }),
      flag: fc.boolean(),
      pad: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(fc.array(touch, { maxLength: 50 }), fc.constantFrom('first_click', 'last_click') as fc.Arbitrary<'first_click' | 'last_click'>, (list, policy) => {
        const tps = list.map((x, i) =>
          visit(i, { channel: x.channel, ref: x.ref, landing: '/' + 'p'.repeat(x.pad), ...(x.flag && { flags: ['brand_bid'] }) }),
        );
        const j = { anonymousId: 'a1', touchpoints: tps };
        const options = { policy, dedupeAgainst: ['paid_search'] as Channel[] };
        expect(award(throughCookie(j), facts, options)).toEqual(award(tps, facts, options));
      }),
      { numRuns: 300 },
    );
  });
});
