// `reftrace/layers`: opt-in storage layers (and the checkout decoration, which rides on one), kept out of the main entry so they cost nothing unless used.
export { checkout, checkoutFields, FORM_FIELDS, type CheckoutOptions } from './browser/checkout';
export { STRIPE_SAFE } from './events/referral-id';
export { decorate, type DecorateOptions } from './browser/cross-domain';
export { serverCookie } from './store/server-cookie';
