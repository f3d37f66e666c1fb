import { lastTouch, type AwardOptions } from '../attribution';
import { eligible } from '../attribution/window';
import { recentClicks } from '../capture/signals';
import { credit } from '../events/conversion';
import { readConversion, text } from '../events/conversion-input';
import type { ConversionEvent } from '../events/event';
import { exponent } from '../events/money';
import { validJourney } from '../store/codec';
import type { AttributionModel, Journey } from '../types';
import { checkReferralId } from './referral-id';
import { serverEvent } from './server-event';

/** A conversion the merchant's backend saw (a paid checkout, a renewal): the order, and whose journey it closes. */
export interface ServerConversionInput {
  /** The visitor's journey (`readJourney` on the request, `fromReferralId`): credited here, as the browser would. */
  journey?: Journey;
  /** The visitor's referral id (`Tracker.referralId()`, Stripe's `client_reference_id`), when the journey is not at hand: the collector credits it from the journey it holds. */
  referralId?: string;
  /** Required: the order converts once, and its event id derives from it, so a retried webhook gives the same event. */
  orderId: string | number;
  /** Major units (49.99), a number or a decimal string. Exclusive with `amountMinor`. */
  amount?: number | string;
  /** Integer minor units of `currency` (Stripe's `amount_total`: 4999 for USD 49.99, 500 for JPY 500). */
  amountMinor?: number;
  /** ISO 4217, any case; required unless the amount is 0. */
  currency?: string;
  /** Default `purchase`. */
  type?: string;
  /** The customer, for lead binding and recurring commissions; default the journey's. */
  userId?: string | number;
  coupon?: string | number;
  items?: unknown[];
  /** A test conversion: the collector stores it apart and never pays it. */
  test?: boolean;
  /** When it happened, epoch ms. Default now. */
  ts?: number;
}

/** As the tracker's options: how credit spreads, over which window, and who earns the commission. */
export interface ServerConversionRules {
  model?: AttributionModel;
  windowDays?: number;
  award?: AwardOptions;
}

const fail = (message: string): never => {
  throw TypeError('reftrace: conversionFrom: ' + message);
};

/**
 * A short, stable id for an order's server conversion (a sync 3×53-bit hash, cyrb53): Stripe
 * redelivers a webhook until it is answered, and each delivery must give the same event, which
 * the collector keeps once. Not a secret: only a key.
 */
const orderEventId = (key: string): string =>
  [1, 2, 3]
    .map((seed) => {
      let h1 = 0xdeadbeef ^ seed;
      let h2 = 0x41c6ce57 ^ seed;
      for (let i = 0; i < key.length; i++) {
        const c = key.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 2654435761);
        h2 = Math.imul(h2 ^ c, 1597334677);
      }
      h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
      h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
      return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36).padStart(11, '0');
    })
    .join('');

/** The order's wire fields, by the browser's own `readConversion`, with `amountMinor` taken as given. */
const readOrder = (input: ServerConversionInput): ConversionEvent['conversion'] => {
  const { amount, amountMinor } = input;
  if (amount != null && amountMinor != null) fail('give amount (major units) or amountMinor (minor units), not both');
  let order;
  try {
    order = readConversion({ ...input, amount: amountMinor == null ? amount : undefined });
  } catch (error) {
    // RangeError for an unknown currency in the browser; on a server every bad input is a TypeError.
    throw TypeError((error as Error).message);
  }
  if (amountMinor != null) {
    if (!Number.isSafeInteger(amountMinor)) fail(`amountMinor must be an integer number of minor units, not ${amountMinor}`);
    const { currency } = order;
    if (currency ? exponent(currency) < 0 : amountMinor) fail(`unknown currency "${currency ?? ''}" for amountMinor ${amountMinor}`);
    order.amount = amountMinor;
  }
  if (order.amount < 0) fail('a negative amount is a refund, which goes through the collector’s refunds');
  if (!order.orderId) fail('orderId is required');
  return Object.fromEntries(Object.entries(order).filter(([, v]) => v !== undefined)) as ConversionEvent['conversion'];
};

/**
 * A conversion made on the merchant's server, as the wire event the browser's `convert()` would
 * send: the order normalised by the same rules, credited over the journey by the same `credit()`,
 * so a collector cannot tell them apart but for `context.server` (`context.page` is `/`). With a
 * `referralId` and no journey, the event carries that visitor's id and no touchpoints, and the
 * collector credits it from the journey it holds. Throws a `TypeError` saying what is wrong.
 */
export const conversionFrom = (input: ServerConversionInput, rules: ServerConversionRules = {}): ConversionEvent => {
  if (!input || typeof input != 'object') fail('expected { journey or referralId, orderId, amount or amountMinor, currency }');
  const { model = lastTouch(), windowDays = 30, award } = rules;
  const ts = input.ts ?? Date.now();
  if (!Number.isSafeInteger(ts) || ts <= 0) fail(`ts must be epoch milliseconds, not ${input.ts}`);
  const referralId = input.referralId == null ? undefined : checkReferralId(input.referralId);
  let journey: Journey | undefined;
  if (input.journey != null) {
    journey = validJourney(input.journey) ?? fail('journey is malformed (pass what readJourney or fromReferralId return)');
    if (referralId && referralId != journey.anonymousId) fail(`referralId ${referralId} is not the journey's (${journey.anonymousId})`);
  } else if (referralId) {
    // The schema's visitor id is at most 64 characters; the SDK's are 21.
    if (referralId.length > 64) fail(`referralId ${referralId.slice(0, 20)}… is longer than a visitor id (64)`);
    journey = { anonymousId: referralId, touchpoints: [] };
  }
  else fail('needs a journey or a referralId');
  const conversion = readOrder(input);
  const userId = text(input.userId, 'userId must be a string or number') ?? journey!.userId;
  const touchpoints = eligible(journey!.touchpoints, ts, windowDays);
  const test = input.test === true;
  const event = serverEvent<ConversionEvent>(
    'conversion',
    { conversion, ...credit(conversion, ts, touchpoints, { model, windowDays, award }, { recentClicks: recentClicks(touchpoints, ts) }) },
    {
      id: orderEventId(['server', conversion.type, conversion.orderId, test].join('\n')),
      ts,
      anonymousId: journey!.anonymousId,
      userId,
      page: '/',
      test,
      server: true,
    },
  );
  // Made now, whatever `ts` says: the collector corrects `ts` by `receivedAt - sentAt`.
  event.sentAt = Date.now();
  return event;
};
