import { attribute, award, type AwardOptions } from '../attribution';
import type { AttributionModel, Touchpoint } from '../types';
import type { ConversionEvent } from './event';

export interface CreditOptions {
  model: AttributionModel;
  windowDays: number;
  award?: AwardOptions;
}

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
