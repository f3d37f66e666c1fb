import { attribute, award, type AwardOptions } from '../attribution';
import { clickAge, conversionSignals } from '../capture/signals';
import type { AttributionModel, Touchpoint } from '../types';
import type { ConversionEvent } from './event';

export interface CreditOptions {
  model: AttributionModel;
  windowDays: number;
  award?: AwardOptions;
}

/**
 * Who gets the credit for `order`, made at `ts`, among `touchpoints`: the analytics split, the
 * single award, and the facts about this visit the award's rules and the collector can weigh
 * (the browser's own by default; a server, which has no browser to ask, passes the journey's).
 */
export const credit = (
  order: ConversionEvent['conversion'],
  ts: number,
  touchpoints: Touchpoint[],
  { model, windowDays, award: rules }: CreditOptions,
  signals = conversionSignals(touchpoints, ts),
): Pick<ConversionEvent, 'touchpoints' | 'attribution' | 'award' | 'signals'> => {
  const facts = { ts, amount: order.amount, type: order.type, coupon: order.coupon, signals };
  const won = award(touchpoints, facts, { windowDays, ...rules });
  signals.sinceClick = clickAge(touchpoints, won, ts);
  return { touchpoints, attribution: attribute(touchpoints, facts, { model, windowDays }), award: won, signals };
};
