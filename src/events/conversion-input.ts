import type { Conversion } from '../tracker';
import { toMinor } from './money';

/**
 * An identifier or a code as the wire carries it: a string, trimmed; a number written out, as
 * merchants pass order ids and coupons as often one as the other (`coupon: 2024`). Empty is
 * absent. Anything else, or longer than the store keeps, is a mistake that gets a clear error
 * rather than a silent `[object Object]` that every such order would share.
 */
export const text = (value: unknown, what: string): string | undefined => {
  if (value == null) return;
  const t = typeof value == 'string' ? value.trim() : typeof value == 'number' ? '' + value : 0;
  if (t === 0 || t.length > 256) throw TypeError(`reftrace: ${what} of at most 256 characters`);
  return t || undefined;
};

/** A conversion as the merchant wrote it, normalised to the wire's fields. Throws on what cannot be. */
export const readConversion = (conversion: Conversion) => {
  const c = conversion || {};
  const field = (name: keyof Conversion) => text(c[name], name + ' must be a string or number');
  const currency = field('currency')?.toUpperCase();
  const { amount: a, items } = c;
  return {
    orderId: field('orderId'),
    type: field('type') || 'purchase',
    // No currency is needed for nothing (a signup): a code of exponent 0 then only checks how the
    // zero is written; anything else without one is an unknown currency "".
    amount: a == null ? 0 : toMinor(a, currency || (+a ? '' : 'JPY')),
    currency,
    coupon: field('coupon'),
    // One item passed on its own is still the list of one, not a reason to lose the sale.
    items: items == null ? items : Array.isArray(items) ? items : [items],
  };
};
