import { describe, expect, it } from 'vitest';
import { attribute, linear } from '../../../src/attribution';
import { conv, DAY, T0, tp } from './helpers';

describe('attribute', () => {
  it('defaults to last touch over a 30-day window', () => {
    const t = [tp('old', 31, 'affiliate', { ref: 'x' }), tp('a', 10, 'affiliate', { ref: 'p' }), tp('b', 1, 'email')];
    expect(attribute(t, conv(1999))).toEqual({
      model: 'last_touch',
      credits: [
        { touchpointId: 'a', ref: 'p', weight: 0, amount: 0 },
        { touchpointId: 'b', ref: null, weight: 1, amount: 1999 },
      ],
      unattributed: 0,
    });
  });

  it('no touches: everything unattributed', () => {
    expect(attribute([], conv(500), { model: linear() })).toEqual({ model: 'linear', credits: [], unattributed: 500 });
  });

  it('window is inclusive at both ends; 1 ms outside or after the conversion is out', () => {
    const t = [
      { ...tp('before', 0), ts: T0 - 30 * DAY - 1 },
      { ...tp('edge', 0), ts: T0 - 30 * DAY },
      { ...tp('at', 0), ts: T0 },
      { ...tp('after', 0), ts: T0 + 1 },
    ];
    const r = attribute(t, conv(100), { model: linear() });
    expect(r.credits.map((c) => [c.touchpointId, c.amount])).toEqual([
      ['edge', 50],
      ['at', 50],
    ]);
  });

  it('respects windowDays', () => {
    const t = [tp('a', 8), tp('b', 7), tp('c', 1)];
    expect(attribute(t, conv(90), { model: linear(), windowDays: 7 }).credits.map((c) => c.touchpointId)).toEqual(['b', 'c']);
    expect(attribute(t, conv(90), { windowDays: 0.5 })).toEqual({ model: 'last_touch', credits: [], unattributed: 90 });
  });

  it('orders touches by time, ties by recording order, without mutating the input', () => {
    const t = [tp('c', 1), tp('a', 3), tp('b1', 2), tp('b2', 2)];
    const copy = [...t];
    const r = attribute(t, conv(4), { model: linear() });
    expect(r.credits.map((c) => c.touchpointId)).toEqual(['a', 'b1', 'b2', 'c']);
    expect(t).toEqual(copy);
  });

  it('JPY: 500 over 3 touches', () => {
    expect(attribute([tp('a', 3), tp('b', 2), tp('c', 1)], conv(500), { model: linear() }).credits.map((c) => c.amount)).toEqual([
      167, 167, 166,
    ]);
  });

  it('KWD 1.500 (3 decimals) over 4 touches', () => {
    const t = [tp('a', 4), tp('b', 3), tp('c', 2), tp('d', 1)];
    expect(attribute(t, conv(1500), { model: linear() }).credits.map((c) => c.amount)).toEqual([375, 375, 375, 375]);
    expect(attribute(t.slice(1), conv(1500), { model: linear() }).credits.map((c) => c.amount)).toEqual([500, 500, 500]);
  });

  it('a single cent over 3 touches goes to the earliest', () => {
    expect(attribute([tp('a', 3), tp('b', 2), tp('c', 1)], conv(1), { model: linear() }).credits.map((c) => c.amount)).toEqual([
      1, 0, 0,
    ]);
  });

  it('refund: -1000 over 3', () => {
    const r = attribute([tp('a', 3), tp('b', 2), tp('c', 1)], conv(-1000), { model: linear() });
    expect(r.credits.map((c) => c.amount)).toEqual([-334, -333, -333]);
    expect(r.unattributed).toBe(0);
    expect(attribute([], conv(-1000)).unattributed).toBe(-1000);
  });

  it('zero-value signup keeps the weights', () => {
    const r = attribute([tp('a', 2), tp('b', 1)], conv(0, { type: 'signup' }), { model: linear() });
    expect(r.credits).toEqual([
      { touchpointId: 'a', ref: null, weight: 0.5, amount: 0 },
      { touchpointId: 'b', ref: null, weight: 0.5, amount: 0 },
    ]);
  });

  it('rejects an amount that is not a safe integer, with or without touches', () => {
    expect(() => attribute([tp('a', 1)], conv(12.5))).toThrow('reftrace: amount not a safe integer: 12.5');
    expect(() => attribute([], conv(2 ** 60))).toThrow(/safe integer/);
  });

  it('does not call the model when nothing is eligible', () => {
    const model = { name: 'm', weights: () => [] as number[] };
    expect(attribute([tp('a', 40)], conv(10), { model })).toEqual({ model: 'm', credits: [], unattributed: 10 });
  });

  it('passes eligible touches in journey order and the conversion to the model', () => {
    const seen: unknown[] = [];
    const c = conv(10, { coupon: 'X' });
    attribute([tp('b', 1), tp('a', 2), tp('z', 99)], c, {
      model: { name: 'spy', weights: (t, cv) => (seen.push(t.map((x) => x.id), cv), t.map(() => 1)) },
    });
    expect(seen).toEqual([['a', 'b'], c]);
  });
});
