import type { Rules } from './rules.js';

/** A customer's first partner, as the `customers` table binds it. */
export interface Binding {
  ref: string;
  boundAt: number;
}

/** `time` plus `months` calendar months (UTC): Jan 31 + 1 month is Mar 3, as `Date` counts. */
const addMonths = (time: number, months: number) => {
  const date = new Date(time);
  return date.setUTCMonth(date.getUTCMonth() + months);
};

/**
 * The partner a conversion without a partner of its own (a renewal) earns for: the customer's
 * bound partner, while that partner's recurring period (their own `months`, else the
 * program's) has not ended. Null when recurring commissions are off or the period is over.
 */
export const recurringPartner = (rules: Rules, binding: Binding | undefined, at: number): string | null => {
  if (!binding) return null;
  const own = Object.hasOwn(rules.partners, binding.ref) ? rules.partners[binding.ref].recurring : undefined;
  const months = (own ?? rules.commission.recurring)?.months;
  return months && at >= binding.boundAt && at < addMonths(binding.boundAt, months) ? binding.ref : null;
};

/** Whether any recurring commission is configured, for the program or a partner. */
export const recurringOn = (rules: Rules): boolean =>
  !!rules.commission.recurring || Object.values(rules.partners).some((p) => p.recurring);
