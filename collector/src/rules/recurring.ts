import type { Rules } from './rules.js';

/** A customer's partner, as the `customers` table binds it: by a lead (provisional) or by their first paid sale. */
export interface Binding {
  ref: string;
  boundAt: number;
  kind: 'lead' | 'sale';
}

/** `time` plus `months` calendar months (UTC): Jan 31 + 1 month is Mar 3, as `Date` counts. */
const addMonths = (time: number, months: number) => {
  const date = new Date(time);
  return date.setUTCMonth(date.getUTCMonth() + months);
};

/**
 * The partner a conversion without a partner of its own (a renewal) earns for: the customer's
 * bound partner, while that partner's recurring period (their own `months`, else the
 * program's, counted from the first paid sale) has not ended. Null when recurring commissions
 * are off, the period is over, or only a lead bound the customer (see `leadPartner`).
 */
export const recurringPartner = (rules: Rules, binding: Binding | undefined, at: number): string | null => {
  if (!binding || binding.kind == 'lead') return null;
  const own = Object.hasOwn(rules.partners, binding.ref) ? rules.partners[binding.ref].recurring : undefined;
  const months = (own ?? rules.commission.recurring)?.months;
  return months && at >= binding.boundAt && at < addMonths(binding.boundAt, months) ? binding.ref : null;
};

/**
 * The partner a lead (a signup credited to them) bound the customer to, while the binding lasts
 * (`binding.days` from the lead; 0 turns lead binding off): the customer's conversions without a
 * partner of their own earn for that partner, priced as what they are (the first purchase at the
 * sale rate). The first paid sale then binds the customer for good (`recurringPartner`).
 */
export const leadPartner = (rules: Rules, binding: Binding | undefined, at: number): string | null =>
  binding?.kind == 'lead' && at >= binding.boundAt && at < binding.boundAt + rules.binding.days * 864e5 ? binding.ref : null;
