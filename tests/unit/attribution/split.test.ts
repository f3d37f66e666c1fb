import { describe, expect, it } from 'vitest';
import { splitAmount } from '../../../src/attribution';

describe('splitAmount', () => {
  it('splits evenly when it can', () => {
    expect(splitAmount(900, [1, 1, 1])).toEqual([300, 300, 300]);
  });

  it('zero-decimal currency: 500 over 3 gives the leftover units to the earliest touches', () => {
    expect(splitAmount(500, [1, 1, 1])).toEqual([167, 167, 166]);
  });

  it('3-decimal currency: KWD 1.500 = 1500 over 7 is exact', () => {
    const parts = splitAmount(1500, [1, 1, 1, 1, 1, 1, 1]);
    expect(parts).toEqual([215, 215, 214, 214, 214, 214, 214]);
  });

  it('a single cent over 3 touches goes to the earliest', () => {
    expect(splitAmount(1, [1, 1, 1])).toEqual([1, 0, 0]);
  });

  it('largest remainder beats order', () => {
    // quotas 3.3, 3.6, 3.1 -> floors 3,3,3, one unit left for the .6
    expect(splitAmount(10, [33, 36, 31])).toEqual([3, 4, 3]);
  });

  it('refund: negative totals split on the absolute value with the sign re-applied', () => {
    expect(splitAmount(-1000, [1, 1, 1])).toEqual([-334, -333, -333]);
    expect(splitAmount(-1, [1, 1])).toEqual([-1, 0]);
    expect(Object.is(splitAmount(-1, [1, 1])[1], 0)).toBe(true); // not -0
  });

  it('zero amount gives zero parts', () => {
    expect(splitAmount(0, [1, 2, 3])).toEqual([0, 0, 0]);
  });

  it('does not need normalised weights', () => {
    expect(splitAmount(100, [3, 1])).toEqual([75, 25]);
    expect(splitAmount(100, [0.75, 0.25])).toEqual([75, 25]);
  });

  it('zero-weight parts stay at zero', () => {
    expect(splitAmount(7, [0, 1, 0])).toEqual([0, 7, 0]);
  });

  it('handles extreme weight mixes exactly', () => {
    expect(splitAmount(1000, [1e-300, 1e300, 1e300])).toEqual([0, 500, 500]);
    expect(splitAmount(Number.MAX_SAFE_INTEGER, [1, 1, 1])).toEqual([3002399751580331, 3002399751580330, 3002399751580330]);
    const big = splitAmount(Number.MAX_SAFE_INTEGER, [0.1, 0.2, 0.3, 0.4]);
    expect(big.reduce((a, b) => a + b, 0)).toBe(Number.MAX_SAFE_INTEGER);
  });

  // Float quotas whose floors overshoot (sum of floors > total) or undershoot by >= n units:
  // found by random search; the correction loop must fix both, never going below 0.
  it.each([
    [8760235928595149, [0.0000014056808849959895, 0.00006681846125597982]],
    [6504220703050267, [8.328992483334733e-10, 2.47561599768099e-10]],
    [8243666107710571, [0.0012885549031374872, 1e-300, 348938674.7638082]],
    [2063195243433, [13.228433407133533, 1.7952544152704252e-10]],
  ])('stays exact when float floors miss: %d', (total, w) => {
    const parts = splitAmount(total, w);
    expect(parts.reduce((s, p) => s + BigInt(p), 0n)).toBe(BigInt(total));
    expect(parts.every((p) => p >= 0)).toBe(true);
    const s = w.reduce((a, b) => a + b, 0);
    parts.forEach((p, i) => expect(Math.abs(p - total * (w[i] / s))).toBeLessThan(3));
  });

  it('rejects non-integer or unsafe totals', () => {
    expect(() => splitAmount(1.5, [1])).toThrow('reftrace: amount not a safe integer: 1.5');
    expect(() => splitAmount(2 ** 53, [1])).toThrow(/safe integer/);
    expect(() => splitAmount(NaN, [1])).toThrow(/safe integer/);
  });

  it('rejects bad weights', () => {
    expect(() => splitAmount(10, [])).toThrow('reftrace: bad weights from splitAmount');
    expect(() => splitAmount(10, [0, 0])).toThrow(/bad weights/);
    expect(() => splitAmount(10, [1, -1, 1])).toThrow(/bad weights/);
    expect(() => splitAmount(10, [1, NaN])).toThrow(/bad weights/);
    expect(() => splitAmount(10, [1, Infinity])).toThrow(/bad weights/);
  });
});
