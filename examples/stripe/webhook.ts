import { conversionFrom, fromReferralId, sendEvents, type JourneySource, type SendOptions, type ServerConversionRules } from 'reftrace/server';
import { conversionInput, type SessionOptions } from './session';
import { readStripeEvent, type VerifyOptions } from './signature';

export interface StripeWebhookOptions extends SessionOptions, VerifyOptions {
  /** The endpoint's signing secret from Stripe (`whsec_…`). */
  secret: string;
  /** The collector's ingest URL (`https://collect.example.com/e`). */
  endpoint: string;
  /**
   * Where the visitor's journey is found, to credit the sale here (`award`, `attribution`, the
   * touchpoints in the event): the collector's admin API `{ collector, token }` or your own
   * lookup. Without it the event names the visitor only, and the collector credits it.
   */
  journeys?: JourneySource;
  /** The tracker's rules (model, window, award), for the journey found through `journeys`. */
  rules?: ServerConversionRules;
  /** `sendEvents` options: `headers: { authorization: 'Bearer <admin token>' }` lets the collector trust the journey as the merchant's. */
  send?: SendOptions;
  /** Told about a sale that could not be recorded for good (a bad amount, a refused event). */
  onError?: (error: Error) => void;
}

const answer = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

/**
 * A Web-standard `(request) => Promise<Response>` for Stripe's webhook (Next.js route handlers,
 * Hono, Workers, Deno, Bun; Node's `http` through `toNodeHandler`). A delivery whose signature is
 * not Stripe's gets 400. A paid Checkout Session becomes the server-side conversion of the visitor
 * whose `referralId()` the page put in `client_reference_id`; the collector credits it from the
 * journey it holds for that id. Answers 200 once the collector has it (or it is not a sale), 503
 * when the collector cannot be reached, so that Stripe delivers it again later: the event's id
 * derives from the session, so a redelivery never counts twice.
 */
export const stripeWebhook = ({ secret, endpoint, journeys, rules, send, onError, userId, ...verify }: StripeWebhookOptions) => {
  if (typeof secret != 'string' || !secret) throw TypeError('stripeWebhook needs the endpoint signing secret (whsec_…)');
  if (!URL.canParse(endpoint)) throw TypeError(`stripeWebhook needs the collector's URL as endpoint, not ${JSON.stringify(endpoint)}`);
  const report = (error: Error) => {
    try {
      onError?.(error);
    } catch {}
  };

  return async (request: Request): Promise<Response> => {
    if (request.method != 'POST') return answer(405, { error: 'POST only' });
    const read = await readStripeEvent(request, secret, verify);
    if ('error' in read) return answer(400, { error: read.error });
    const input = conversionInput(read.event, { userId });
    if ('skip' in input) return answer(200, { received: true, skipped: input.skip });
    let journey;
    try {
      journey = journeys && (await fromReferralId(input.referralId, journeys));
    } catch (error) {
      // The collector is down or answered badly: Stripe delivers the event again later.
      report(error as Error);
      return answer(503, { error: 'the journey could not be looked up; Stripe will deliver this event again' });
    }
    let event;
    try {
      event = conversionFrom({ ...input, journey }, rules);
    } catch (error) {
      // The sale's own data is wrong (an unknown currency): a redelivery would not fix it.
      report(error as Error);
      return answer(200, { received: true, skipped: (error as Error).message });
    }
    // Stripe delivers a failed event again for days: a few quick tries here, not a held request.
    const result = await sendEvents(endpoint, [event], { retries: 2, maxWait: 5e3, ...send });
    if (result.failed.length) return answer(503, { error: 'the collector could not be reached; Stripe will deliver this event again' });
    if (result.rejected.length) report(Error(`reftrace: the collector refused the conversion of ${input.orderId}: ${result.reasons[event.id]}`));
    return answer(200, { received: true, conversion: event.id, delivered: result.delivered == 1 });
  };
};
