import { describe, expect, it } from 'vitest';
import { exponent, toMinor } from '../../../src/events/money';

describe('toMinor', () => {
  it.each([
    [49.99, 'USD', 4999],
    [0.07, 'USD', 7],
    [1.005, 'USD', 101],
    [19.99, 'EUR', 1999],
    [500, 'JPY', 500],
    [499.5, 'JPY', 500],
    [1.5, 'KWD', 1500],
    [1.2345, 'BHD', 1235],
    [0.0001, 'CLF', 1],
    ['49.99', 'USD', 4999],
    ['  12 ', 'USD', 1200],
    ['.5', 'USD', 50],
    [-10.01, 'USD', -1001],
    [0, 'USD', 0],
    [1e-7, 'USD', 0],
    ['90071992547409.91', 'USD', 9007199254740991],
  ])('%s %s → %s', (amount, currency, minor) => expect(toMinor(amount, currency)).toBe(minor));

  it('survives the classic float traps', () => {
    for (let cents = 0; cents < 100000; cents += 7) expect(toMinor(cents / 100, 'USD')).toBe(cents);
    expect(toMinor(0.1 + 0.2, 'USD')).toBe(30);
  });

  it('rejects unknown currencies and bad amounts with clear errors', () => {
    expect(() => toMinor(1, 'XYZ')).toThrow('unknown currency "XYZ"');
    expect(() => toMinor(1, 'usd')).toThrow('unknown currency');
    expect(() => toMinor(1, '')).toThrow('unknown currency');
    expect(() => toMinor(NaN, 'USD')).toThrow('invalid amount');
    expect(() => toMinor(Infinity, 'USD')).toThrow('invalid amount');
    expect(() => toMinor('12,50', 'USD')).toThrow('invalid amount');
    expect(() => toMinor('1e3', 'USD')).toThrow('invalid amount');
    expect(() => toMinor({} as never, 'USD')).toThrow('invalid amount');
    expect(() => toMinor(1e20, 'USD')).toThrow('out of range');
  });

  it('knows ISO exponents', () => {
    expect([exponent('USD'), exponent('JPY'), exponent('KWD'), exponent('IQD'), exponent('CLF'), exponent('SD ')]).toEqual([2, 0, 3, 3, 4, -1]);
  });
});
