import type { FraudRule } from './rule.js';

/**
 * Coupon hijack: the order used a coupon that belongs to one partner (the rules file's
 * `fraud.coupons`, else the award's `coupons`) while another partner gets the credit, typically a
 * coupon site whose click came just before checkout.
 */
export const couponHijack: FraudRule = {
  name: 'coupon_hijack',
  defaults: { enabled: true, reason: "the order's coupon belongs to another partner than the one credited" },
  check({ event, award }, _, { coupons }) {
    const code = event.conversion.coupon?.toLowerCase();
    const key = code && Object.keys(coupons).find((k) => k.toLowerCase() == code);
    return !!key && award.ref != null && coupons[key] != award.ref;
  },
};
