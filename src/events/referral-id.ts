/**
 * What Stripe keeps as a `client_reference_id`: it "can be composed of alphanumeric characters,
 * dashes, or underscores, and be any value up to 200 characters. Invalid values are silently
 * dropped" (https://docs.stripe.com/payments/checkout/pricing-table#handle-fulfillment-with-the-stripe-api,
 * and the same rule for Payment Links: https://docs.stripe.com/payment-links/url-parameters).
 * Dropped silently, the sale arrives with `client_reference_id: null` and no referral.
 */
export const STRIPE_SAFE = /^[\w-]{1,200}$/;
