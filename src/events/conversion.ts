import { attribute, award, type AwardOptions } from '../attribution';
import type { Conversion } from '../tracker';
import type { AttributionModel, Touchpoint } from '../types';
import type { ConversionEvent } from './event';
import { toMinor } from './money';

export interface CreditOptions {
  model: AttributionModel;
  windowDays: number;
  award?: AwardOptions;
}

/**
 * The order as the merchant gave it, normalised for the wire: exact minor units, an upper-case
 * currency, a string order id. Throws on a bad amount or currency.
 */
export const toOrder = (conversion: Conversion): ConversionEvent['conversion'] => {
  const { orderId, coupon, items, type = 'purchase' } = conversion || {};
  const currency = conversion?.currency?.toUpperCase();
  const a = conversion?.amount;
  // No currency is needed for nothing (a signup): a code of exponent 0 then only checks how the
  // zero is written; anything else without one is an unknown currency "".
  const amount = a == null ? 0 : toMinor(a, currency || (+a ? '' : 'JPY'));
  return { orderId: orderId == null ? undefined : orderId + '', type, amount, currency, coupon, items };
};

/** Who gets the credit for `order`, made at `ts`, among `touchpoints`: the analytics split and the single award. */
export const credit = (
  order: ConversionEvent['conversion'],
  ts: number,
  touchpoints: Touchpoint[],
  { model, windowDays, award: rules }: CreditOptions,
): Pick<ConversionEvent, 'touchpoints' | 'attribution' | 'award'> => {
  const facts = { ts, amount: order.amount, type: order.type, coupon: order.coupon };
  return {
    touchpoints,
    attribution: attribute(touchpoints, facts, { model, windowDays }),
    award: award(touchpoints, facts, { windowDays, ...rules }),
  };
};
