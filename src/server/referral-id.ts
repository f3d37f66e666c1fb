import { STRIPE_SAFE } from '../events/referral-id';
import { validJourney } from '../store/codec';
import type { Journey } from '../types';

/** Where `fromReferralId` finds a journey: the collector's admin API, or the merchant's own lookup. */
export type JourneySource =
  | { collector: string; token: string; fetch?: typeof fetch }
  | ((anonymousId: string) => Journey | undefined | Promise<Journey | undefined>);

/**
 * What a referral id may be: the journey's `anonymousId` as `Tracker.referralId()` hands it to a
 * checkout, in the alphabet Stripe keeps in `client_reference_id` (letters, digits, `_`, `-`, at
 * most 200). Everything else is refused before it reaches a URL or a query.
 */
export const isReferralId = (value: unknown): value is string => typeof value == 'string' && STRIPE_SAFE.test(value);

/** The referral id itself, or a `TypeError` saying what one is. */
export const checkReferralId = (value: unknown): string => {
  if (!isReferralId(value)) throw TypeError(`reftrace: a referral id is 1 to 200 letters, digits, "_" or "-", not ${JSON.stringify(value)?.slice(0, 80)}`);
  return value;
};

/**
 * The journey of the visitor a checkout's referral id names (`client_reference_id`), or
 * `undefined` when the source knows none. From the collector: `GET <collector>/api/journeys/<id>`
 * with the admin token (404 is "none"; another failure throws, so a webhook can answer 5xx and be
 * retried). Whatever the source answers is validated as a cookie is: a journey that is malformed,
 * or of another visitor, throws.
 */
export const fromReferralId = async (referralId: string, source: JourneySource): Promise<Journey | undefined> => {
  const id = checkReferralId(referralId);
  let found: unknown;
  if (typeof source == 'function') found = await source(id);
  else {
    if (!source || typeof source.collector != 'string' || typeof source.token != 'string')
      throw TypeError('reftrace: fromReferralId needs a lookup function or { collector: baseUrl, token: adminToken }');
    const url = new URL('api/journeys/' + id, source.collector.replace(/\/?$/, '/'));
    const response = await (source.fetch ?? fetch)(url, { headers: { authorization: 'Bearer ' + source.token, accept: 'application/json' } });
    if (response.status == 404) return;
    if (!response.ok) throw Error(`reftrace: ${url.origin} answered ${response.status} for the journey of ${id}`);
    found = await response.json();
  }
  if (found == null) return;
  const journey = validJourney(found as Journey);
  if (!journey || journey.anonymousId != id) throw TypeError(`reftrace: the journey found for ${id} is malformed or another visitor's`);
  return journey;
};
