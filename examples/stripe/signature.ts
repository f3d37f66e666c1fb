import { verifyWebhook } from 'reftrace/server';

/**
 * The header Stripe signs every webhook delivery with: `t=<unix seconds>,v1=<hex HMAC-SHA256>[,v1=…]`,
 * the HMAC of `<t>.<raw body>` under the endpoint's signing secret (`whsec_…`). Stripe's
 * "verify manually" steps (https://docs.stripe.com/webhooks#verify-manually): take `t` and every
 * `v1` (ignore other schemes, such as test mode's `v0`), sign `t + "." + body`, compare in constant
 * time, and refuse a timestamp outside a tolerance (its libraries default to 300 s). That is the
 * scheme `verifyWebhook` of `reftrace/server` implements on Web Crypto, so it is used as is.
 */
export const STRIPE_SIGNATURE = 'Stripe-Signature';

export interface StripeEvent {
  id: string;
  type: string;
  livemode?: boolean;
  /** Unix seconds: when it happened, however late it is delivered. */
  created?: number;
  data: { object: Record<string, unknown> };
}

export interface VerifyOptions {
  /** How old a delivery may be, in seconds. Default 300, Stripe's own. */
  toleranceSeconds?: number;
  /** Epoch ms; tests pass their own. */
  now?: number;
}

/**
 * The event a request carries, once its signature is Stripe's, or why not. The body is read as
 * text and verified before it is parsed: parsing and re-serialising JSON changes the bytes signed.
 */
export const readStripeEvent = async (request: Request, secret: string, { toleranceSeconds = 300, now = Date.now() }: VerifyOptions = {}): Promise<{ event: StripeEvent } | { error: string }> => {
  const body = await request.text();
  if (!(await verifyWebhook(body, request.headers.get(STRIPE_SIGNATURE), secret, { toleranceSeconds, now })))
    return { error: `no valid ${STRIPE_SIGNATURE} (wrong secret, altered body, or older than ${toleranceSeconds} s)` };
  try {
    const event = JSON.parse(body);
    if (typeof event?.type == 'string' && event.data?.object && typeof event.data.object == 'object') return { event };
  } catch {}
  return { error: 'the body is not a Stripe event' };
};
