import type { ServerConversionInput } from 'reftrace/server';
import type { StripeEvent } from './signature';

/** A Checkout Session's fields this mapping reads (https://docs.stripe.com/api/checkout/sessions/object). */
export interface CheckoutSession {
  id: string;
  client_reference_id: string | null;
  amount_total: number | null;
  currency: string | null;
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  mode?: 'payment' | 'setup' | 'subscription';
  customer?: string | null;
  customer_details?: { email?: string | null } | null;
  [field: string]: unknown;
}

export interface SessionOptions {
  /** Your customer id for the session (for the collector's lead binding and recurring commissions), e.g. `(s) => s.customer`. */
  userId?: (session: CheckoutSession) => string | number | null | undefined;
}

/**
 * What a Stripe event says was sold, as `conversionFrom`'s input, or why it is not a sale to
 * record. A sale is `checkout.session.completed` once paid (or needing no payment), or
 * `checkout.session.async_payment_succeeded` for a payment that settled later (bank debits):
 * `completed` with `payment_status: 'unpaid'` is not money yet. The session id is the order id,
 * so both events, and Stripe's redeliveries, make one conversion. Stripe's `amount_total` is
 * already in minor units; a test-mode event (`livemode: false`) is a test conversion, which the
 * collector counts apart and never pays. The sale is dated when Stripe made the event, so the
 * attribution window is judged then, not when a retried delivery finally arrives.
 */
export const conversionInput = (event: StripeEvent, { userId }: SessionOptions = {}): (ServerConversionInput & { referralId: string }) | { skip: string } => {
  const session = event.data.object as CheckoutSession;
  if (event.type != 'checkout.session.completed' && event.type != 'checkout.session.async_payment_succeeded') return { skip: `not a sale: ${event.type}` };
  if (session.payment_status == 'unpaid') return { skip: `session ${session.id} is not paid yet` };
  // Stripe drops an id outside its alphabet: null then, and no journey to credit.
  if (!session.client_reference_id) return { skip: `session ${session.id} has no client_reference_id` };
  return {
    referralId: session.client_reference_id,
    orderId: session.id,
    amountMinor: session.amount_total ?? 0,
    currency: session.currency ?? undefined,
    userId: userId?.(session) ?? undefined,
    test: event.livemode === false,
    ...(Number.isSafeInteger(event.created) && { ts: event.created! * 1000 }),
  };
};
