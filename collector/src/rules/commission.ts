import { percentOf } from './round.js';
import type { CommissionRules, Rules } from './rules.js';

export interface Priceable {
  type: string;
  /** Minor units of `currency`. */
  amount: number;
  currency?: string | null;
  /** The partner who earns it (the recomputed award, or the customer's bound partner); null: nobody. */
  ref: string | null;
  /** A renewal credited through the customer's bound partner rather than a touch of its own. */
  recurring?: boolean;
  /** Corrected time of the conversion, epoch ms. */
  at: number;
}

export interface Price {
  commission: number;
  /** The commission's currency: the conversion's, or for a flat lead on a currency-less signup, the rules'. */
  currency: string | null;
  /** Which rule priced it, e.g. `sale_percent`, `lead_flat`, `recurring_percent`, `none`, `sale_no_rate`. */
  rule: string;
  /** Approved from this time on; null when approved at once. */
  holdUntil: number | null;
}

/** The partner's own rule for `key` when it has one, else the program's. */
const pick = <K extends keyof CommissionRules>(rules: Rules, ref: string, key: K): CommissionRules[K] => {
  // hasOwn: a partner named `__proto__` or `constructor` must not read the prototype.
  const own = Object.hasOwn(rules.partners, ref) ? rules.partners[ref][key] : undefined;
  return own ?? rules.commission[key];
};

/**
 * What a conversion earns under the rules: a percentage rounds half-even once, on the whole
 * conversion (so the commission on 1,005 at 10% is 100, on 1,015 it is 102); a flat amount is
 * taken for the conversion's currency, and no rate for it earns nothing (rule `*_no_rate`).
 */
export const price = (rules: Rules, conversion: Priceable): Price => {
  const { ref, amount, at } = conversion;
  let currency = conversion.currency ?? null;
  if (ref == null) return { commission: 0, currency, rule: 'none', holdUntil: null };
  const kind = conversion.recurring ? 'recurring' : rules.leadTypes.includes(conversion.type) ? 'lead' : 'sale';
  const recurring = pick(rules, ref, 'recurring');
  const rate = kind == 'recurring' && (recurring?.percent != null || recurring?.flat) ? recurring : pick(rules, ref, kind == 'lead' ? 'lead' : 'sale');
  const holdDays = pick(rules, ref, 'holdDays') ?? 0;
  const held = (commission: number, rule: string): Price => ({
    commission,
    currency,
    rule: `${kind}_${rule}`,
    holdUntil: holdDays > 0 && commission > 0 ? at + Math.round(holdDays * 864e5) : null,
  });
  if (rate && 'percent' in rate && rate.percent != null) return held(percentOf(amount, rate.percent), 'percent');
  if (rate && 'flat' in rate && rate.flat) {
    const flat = rate.flat;
    const codes = Object.keys(flat);
    // A free signup carries no currency: the rules' own, or the only one the flat rate names.
    currency ??= rules.currency ?? (codes.length == 1 ? codes[0] : null);
    return currency != null && Object.hasOwn(flat, currency) ? held(flat[currency], 'flat') : held(0, 'no_rate');
  }
  return held(0, 'no_rate');
};
