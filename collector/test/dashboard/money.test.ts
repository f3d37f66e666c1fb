import { describe, expect, it } from 'vitest';
import { currencies, formatCount, formatMoney, formatPercent, minorDigits } from '../../src/pages/money.js';

describe('money on the pages', () => {
  it('formats minor units with the currency’s own digits and symbol', () => {
    expect(formatMoney(129900, 'USD')).toBe('$1,299.00');
    expect(formatMoney(129900, 'EUR', 'de-DE')).toBe('1.299,00\u00a0€');
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
    expect(formatMoney(1234, 'KWD')).toBe('KWD\u00a01.234');
    expect(formatMoney(-1999, 'USD')).toBe('-$19.99');
    expect(formatMoney(5, 'USD')).toBe('$0.05');
  });

  it('never passes through a binary fraction: the largest safe integer prints to the cent', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD')).toBe('$90,071,992,547,409.91');
    // 0.29 * 100 is 28.999999999999996 in floating point; digit shifting never meets it.
    expect(formatMoney(29, 'USD')).toBe('$0.29');
    expect(formatMoney(1_000_000_000_000_07, 'EUR', 'en-US')).toBe('€1,000,000,000,000.07');
  });

  it('shows ISO 4217 digits, not CLDR display digits (IQD has 3 minor digits)', () => {
    expect(minorDigits('IQD')).toBe(3);
    expect(formatMoney(1500, 'IQD')).toMatch(/1\.500/);
  });

  it('orders currencies by total, largest first', () => {
    expect(currencies({ EUR: 100, USD: 900 }, { EUR: 50 })).toEqual(['USD', 'EUR']);
    expect(currencies(undefined, {})).toEqual([]);
  });

  it('formats counts and rates for the locale', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(12345, 'de-DE')).toBe('12.345');
    expect(formatPercent(0.2)).toBe('20.0%');
    expect(formatPercent(NaN)).toBe('0.0%');
  });
});
