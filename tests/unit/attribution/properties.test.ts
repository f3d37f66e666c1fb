import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attribute,
  firstTouch,
  lastNonDirect,
  lastTouch,
  linear,
  positionBased,
  scoreWeighted,
  splitAmount,
  timeDecay,
} from '../../../src/attribution';
import type { Channel, Touchpoint } from '../../../src/types';
import { DAY, T0 } from './helpers';

const channels: Channel[] = ['affiliate', 'paid_search', 'organic_search', 'email', 'direct', 'referral', 'other'];

const touch = fc.record({
  ts: fc.integer({ min: T0 - 40 * DAY, max: T0 + DAY }),
  channel: fc.constantFrom(...channels),
  ref: fc.option(fc.constantFrom('alice', 'bob', 'carol'), { nil: undefined }),
});
const journey = fc
  .array(touch, { maxLength: 20 })
  .map((a): Touchpoint[] => a.map((x, i) => ({ id: 't' + i, landing: '/', ...x })));
const amount = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

const models = [
  lastTouch(),
  firstTouch(),
  lastNonDirect(),
  linear(),
  timeDecay(),
  timeDecay({ halfLifeDays: 0.01 }),
  positionBased(),
  positionBased({ first: 0.2, last: 0.6 }),
  positionBased({ first: 0, last: 0 }),
  scoreWeighted({ affiliate: 0.5, email: 0.2, paid_search: 1e-9 }),
];

const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);

describe('properties', () => {
  it.each(models.map((m) => [m.name, m] as const))('%s: credits sum exactly, weights sum to 1', (_, model) => {
    fc.assert(
      fc.property(journey, amount, (t, a) => {
        const r = attribute(t, { ts: T0, amount: a }, { model });
        // Every credit is exact; summing big safe ints can round, so check with BigInt.
        const total = r.credits.reduce((s, c) => s + BigInt(c.amount), BigInt(r.unattributed));
        expect(total).toBe(BigInt(a));
        expect(r.credits.every((c) => Number.isSafeInteger(c.amount) && (a >= 0 ? c.amount >= 0 : c.amount <= 0))).toBe(true);
        if (r.credits.length) {
          expect(r.unattributed).toBe(0);
          expect(Math.abs(sum(r.credits.map((c) => c.weight)) - 1)).toBeLessThan(1e-9);
        } else expect(r.unattributed).toBe(a);
        expect(r.credits.length).toBe(t.filter((x) => x.ts <= T0 && x.ts >= T0 - 30 * DAY).length);
      }),
      { numRuns: 300 },
    );
  });

  it('splitAmount: exact, non-negative, close to the quota for weird weights and large totals', () => {
    const weight = fc.oneof(
      fc.constantFrom(0, 1e-300, 1e300, 5e-324, 1, 1e-9, 1e9),
      fc.double({ min: 0, max: 1e300, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Math.floor(Number.MAX_SAFE_INTEGER / 1000) }),
        fc.array(weight, { minLength: 1, maxLength: 20 }).filter((w) => sum(w) > 0 && sum(w) < Infinity),
        (total, w) => {
          const parts = splitAmount(total, w);
          expect(parts.length).toBe(w.length);
          expect(sum(parts)).toBe(total);
          expect(parts.every((p) => Number.isSafeInteger(p) && p >= 0)).toBe(true);
          const s = sum(w);
          // Largest remainder never moves a part more than one unit from its quota
          // (plus float slack for very large totals).
          parts.forEach((p, i) => expect(Math.abs(p - total * (w[i] / s))).toBeLessThan(1 + total * 1e-12));
          // Refunds mirror the positive split.
          expect(splitAmount(-total, w)).toEqual(parts.map((p) => 0 - p));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('splitAmount: exact up to Number.MAX_SAFE_INTEGER', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 20 }).filter((w) => sum(w) > 0),
        (total, w) => {
          const parts = splitAmount(total, w);
          expect(parts.reduce((s, p) => s + BigInt(p), 0n)).toBe(BigInt(total));
          expect(parts.every((p) => p >= 0)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
