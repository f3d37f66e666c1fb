import { describe, expect, it } from 'vitest';
import { price } from '../src/rules/commission.js';
import { leadPartner, recurringPartner } from '../src/rules/recurring.js';
import { divideHalfEven, percentOf, shareOf } from '../src/rules/round.js';
import { parseRules } from '../src/rules/rules.js';

const at = Date.UTC(2026, 0, 31);

describe('rounding', () => {
  it('rounds half to even, exactly', () => {
    expect([5n, 15n, 25n, 35n, -0n].map((n) => divideHalfEven(n, 10n))).toEqual([0, 2, 2, 4, 0]);
    expect(divideHalfEven(16n, 10n)).toBe(2);
    expect(divideHalfEven(14n, 10n)).toBe(1);
  });

  it('takes percentages from the digits written, once per conversion', () => {
    expect(percentOf(1005, 10)).toBe(100); // 100.5 → 100
    expect(percentOf(1015, 10)).toBe(102); // 101.5 → 102
    expect(percentOf(4999, 12.5)).toBe(625); // 624.875
    expect(percentOf(1, 0.5)).toBe(0); // 0.005
    expect(percentOf(10_000, 0.1 + 0.2)).toBe(30); // 0.30000000000000004% of 10,000 is 30.000000000000004
    expect(percentOf(Number.MAX_SAFE_INTEGER, 100)).toBe(Number.MAX_SAFE_INTEGER);
    expect(percentOf(1000, 1e-7)).toBe(0);
  });

  it('shares a commission out by a refund', () => {
    expect(shareOf(742, 4950, 4950)).toBe(742);
    expect(shareOf(742, 2475, 4950)).toBe(371);
    expect(shareOf(5, 1, 2)).toBe(2); // 2.5 → 2
    expect(shareOf(7, 1, 2)).toBe(4); // 3.5 → 4
    expect(shareOf(100, 1, 0)).toBe(0);
  });
});

describe('rules', () => {
  it('accepts the documented file and rejects typos with every problem named', () => {
    const rules = parseRules({ commission: { sale: { percent: 10 }, lead: { flat: { USD: 500 } } }, partners: { alice: { sale: { percent: 15 } } } });
    expect(rules.leadTypes).toEqual(['signup', 'lead']);
    expect(() => parseRules({ comission: {} })).toThrow(/invalid rules: \/ must NOT have additional properties/);
    expect(() => parseRules({ commission: { sale: { percent: 150 } } })).toThrow(/percent must be <= 100/);
    expect(() => parseRules({ commission: { sale: { flat: { usd: 5 } } } })).toThrow(/invalid rules/);
    expect(() => parseRules({ commission: { sale: { flat: { USD: 5.5 } } } })).toThrow(/must be integer/);
    expect(() => parseRules([])).toThrow(/invalid rules/);
  });

  const rules = parseRules({
    currency: 'EUR',
    commission: { sale: { percent: 10 }, lead: { flat: { USD: 500, EUR: 400 } }, recurring: { months: 12 }, holdDays: 30 },
    partners: {
      alice: { sale: { percent: 15 }, holdDays: 0 },
      bob: { sale: { flat: { USD: 700 } }, recurring: { months: 1, percent: 5 } },
    },
  });

  it('prices sales by percent or flat per currency, with per-partner overrides', () => {
    expect(price(rules, { type: 'purchase', amount: 10_000, currency: 'USD', ref: 'carol', at })).toEqual({
      commission: 1000, currency: 'USD', rule: 'sale_percent', holdUntil: at + 30 * 864e5,
    });
    expect(price(rules, { type: 'purchase', amount: 10_000, currency: 'USD', ref: 'alice', at })).toEqual({
      commission: 1500, currency: 'USD', rule: 'sale_percent', holdUntil: null,
    });
    expect(price(rules, { type: 'purchase', amount: 10_000, currency: 'USD', ref: 'bob', at }).commission).toBe(700);
    expect(price(rules, { type: 'purchase', amount: 10_000, currency: 'JPY', ref: 'bob', at })).toMatchObject({ commission: 0, rule: 'sale_no_rate' });
    expect(price(rules, { type: 'purchase', amount: 10_000, currency: 'USD', ref: null, at })).toMatchObject({ commission: 0, rule: 'none' });
  });

  it('prices leads flat, in the rules currency when the signup has none', () => {
    expect(price(rules, { type: 'signup', amount: 0, currency: null, ref: 'carol', at })).toMatchObject({ commission: 400, currency: 'EUR', rule: 'lead_flat' });
    expect(price(rules, { type: 'lead', amount: 0, currency: 'USD', ref: 'carol', at })).toMatchObject({ commission: 500, currency: 'USD' });
  });

  it('prices renewals by the recurring rate, else the sale rate', () => {
    expect(price(rules, { type: 'renewal', amount: 10_000, currency: 'USD', ref: 'bob', at, recurring: true })).toMatchObject({ commission: 500, rule: 'recurring_percent' });
    expect(price(rules, { type: 'renewal', amount: 10_000, currency: 'USD', ref: 'carol', at, recurring: true })).toMatchObject({ commission: 1000, rule: 'recurring_percent' });
  });

  it('does not read a partner named like a prototype property', () => {
    expect(price(rules, { type: 'purchase', amount: 1000, currency: 'USD', ref: '__proto__', at }).commission).toBe(100);
    expect(price(rules, { type: 'purchase', amount: 1000, currency: 'USD', ref: 'constructor', at }).commission).toBe(100);
    expect(recurringPartner(rules, { ref: 'toString', boundAt: at, kind: 'sale' as const }, at + 1)).toBe('toString');
  });

  it('binds a renewal to the first partner for the recurring months only', () => {
    const binding = { ref: 'carol', boundAt: at, kind: 'sale' as const };
    expect(recurringPartner(rules, binding, Date.UTC(2026, 11, 30))).toBe('carol');
    expect(recurringPartner(rules, binding, Date.UTC(2027, 0, 31))).toBe(null);
    expect(recurringPartner(rules, { ref: 'bob', boundAt: at, kind: 'sale' as const }, Date.UTC(2026, 2, 2))).toBe('bob'); // Jan 31 + 1 month = Mar 3
    expect(recurringPartner(rules, { ref: 'bob', boundAt: at, kind: 'sale' as const }, Date.UTC(2026, 2, 3))).toBe(null);
    expect(recurringPartner(parseRules({}), binding, at + 1)).toBe(null);
    expect(recurringPartner(rules, undefined, at)).toBe(null);
    // A lead's binding is not a sale's: no recurring months until the first sale.
    expect(recurringPartner(rules, { ...binding, kind: 'lead' }, at + 1)).toBe(null);
  });

  it('credits a lead’s customer to its partner for the binding’s days, from the lead', () => {
    const lead = { ref: 'dave', boundAt: at, kind: 'lead' as const };
    const days = (n: number) => at + n * 864e5;
    expect(leadPartner(rules, lead, days(364))).toBe('dave');
    expect(leadPartner(rules, lead, days(365))).toBe(null);
    expect(leadPartner(rules, lead, at - 1)).toBe(null);
    expect(leadPartner(parseRules({ binding: { days: 10 } }), lead, days(9))).toBe('dave');
    expect(leadPartner(parseRules({ binding: { days: 0 } }), lead, at)).toBe(null);
    expect(leadPartner(rules, { ...lead, kind: 'sale' }, at + 1)).toBe(null);
    expect(() => parseRules({ binding: { days: -1 } })).toThrow(/invalid rules/);
  });
});
