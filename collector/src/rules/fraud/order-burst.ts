import type { FraudRule, RuleSettings } from './rule.js';

interface Settings extends RuleSettings {
  maxOrders: number;
  windowMinutes: number;
}

/**
 * Many orders from one visitor (browser or user id) in a short time: testing stolen cards, or
 * farming commissions. Held from the order that has `maxOrders` others before it in the window.
 */
export const orderBurst: FraudRule<Settings> = {
  name: 'order_burst',
  defaults: { enabled: true, reason: 'many orders from one visitor in a short time', maxOrders: 5, windowMinutes: 60 },
  schema: { maxOrders: { type: 'integer', minimum: 1 }, windowMinutes: { type: 'number', exclusiveMinimum: 0 } },
  async check({ event, at }, { maxOrders, windowMinutes }, _, history) {
    return (await history.orders(event.anonymousId, event.userId, at - windowMinutes * 6e4, at, event.conversion.orderId ?? event.id)) >= maxOrders;
  },
};
