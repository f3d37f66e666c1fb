import { nanoid } from 'nanoid';
import { attribute, award, lastTouch, type AwardOptions } from '../attribution';
import { readLanding } from '../capture/landing';
import { isReferralCode } from '../capture/referral-code';
import { isSubId, SUB_IDS, type SubIds } from '../capture/sub-ids';
import type { ClickEvent, ConversionEvent, TrackEvent, WireEvent } from '../events/event';
import { exponent, toMinor } from '../events/money';
import type { AttributionModel, Touchpoint } from '../types';
import { readJourney } from './journey-cookie';
import { deliver, report, serverEvent } from './server-event';

export interface PixelOptions {
  /** Receives each event, in the SDK's wire shape; awaited before the GIF goes out. */
  onEvent?: (event: WireEvent) => unknown;
  /** Receives what was refused (a bad amount, an unknown currency) and what `onEvent` threw. */
  onError?: (error: Error, request: Request) => unknown;
  /** As the tracker's: how credit spreads over the journey. Default `lastTouch()`. */
  model?: AttributionModel;
  /** As the tracker's. Default 30. */
  windowDays?: number;
  /** As the tracker's: who earns the commission. */
  award?: AwardOptions;
}

/** What `t` may be: a conversion (a purchase), a lead, a click (needs `ref`), or a named event (`name`). */
export type PixelType = 'conversion' | 'lead' | 'click' | 'track';

/** What a pixel can report; the flat query parameters of `pixelUrl`. */
export interface PixelConversion {
  /** Default `conversion`. */
  type?: PixelType;
  orderId?: string | number;
  /** Major units, as a number or a decimal string; needs `currency` unless 0. */
  amount?: number | string;
  currency?: string;
  coupon?: string;
  /** A partner's code, when the pixel itself carries one (a network's macro, an e-mail link). */
  ref?: string;
  subIds?: SubIds;
  clickId?: string;
  /** The event name of `type: 'track'`. */
  name?: string;
  test?: boolean;
}

const TYPES: PixelType[] = ['conversion', 'lead', 'click', 'track'];

// A transparent 1×1 GIF, 42 bytes.
const GIF = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (c) => c.charCodeAt(0));

const fail = (message: string): never => {
  throw TypeError('reftrace: ' + message);
};

const text = (value: string | null, name: string): string | undefined =>
  value == null || value == '' ? undefined : value.length <= 256 ? value : fail(`${name} longer than 256 characters`);

/**
 * An order's conversion always gets the same id, derived from the order: a thank-you page
 * reloaded or its pixel fetched twice gives the same event, which the collector keeps once.
 */
const orderEventId = async (type: string, orderId: string): Promise<string> => {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`reftrace pixel ${type} ${orderId}`)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').slice(0, 21);
};

// The page that shows the pixel: its path from the Referer header, else the pixel's own.
const pagePath = (request: Request, url: URL): string => {
  try {
    return new URL(request.headers.get('referer')!).pathname;
  } catch {
    return url.pathname;
  }
};

/** The event a pixel request reports, or a thrown error saying why it is refused. */
const pixelEvent = async (request: Request, { model = lastTouch(), windowDays = 30, award: awardOptions, onError }: PixelOptions): Promise<WireEvent> => {
  const url = new URL(request.url);
  const q = url.searchParams;
  const t = (q.get('t') || 'conversion') as PixelType;
  if (!TYPES.includes(t)) fail(`unknown pixel type t=${t} (${TYPES.join(', ')})`);
  const now = Date.now();
  const journey = readJourney(request, { windowDays, now });
  const page = pagePath(request, url);
  // The pixel's own ref, sub-ids and click id are a visit, as a landing with them would be.
  const { landing, rejected, dropped } = readLanding(new URL(page + url.search, url).href, '', ['ref'], url.hostname);
  if (rejected) report(onError, TypeError(`reftrace: not a referral code, ignored: "${rejected}"`), request);
  if (dropped) report(onError, TypeError(`reftrace: not a sub-id, ignored: ${dropped.join(', ')}`), request);
  const touch: Touchpoint | undefined = landing && (landing.ref || landing.clickIds || landing.subIds) ? { id: nanoid(), ts: now, ...landing } : undefined;
  const touchpoints = [...(journey?.touchpoints || []), ...(touch ? [touch] : [])];
  const envelope = { ts: now, anonymousId: journey?.anonymousId || nanoid(), userId: journey?.userId, page, test: /^(1|true)$/.test(q.get('test') || '') };

  if (t == 'click') return serverEvent<ClickEvent>('click', { touchpoint: touch?.ref ? touch : fail('a click pixel needs a valid ref') }, envelope);
  if (t == 'track') return serverEvent<TrackEvent>('track', { name: text(q.get('name'), 'name') || fail('a track pixel needs a name') }, envelope);

  const type = t == 'lead' ? 'lead' : 'purchase';
  const orderId = text(q.get('order'), 'order');
  const coupon = text(q.get('coupon'), 'coupon');
  const currency = q.get('currency')?.toUpperCase() || undefined;
  const a = q.get('amount');
  if (currency && exponent(currency) < 0) fail(`unknown currency "${currency}"`);
  // As `convert`: no currency is needed for nothing (a lead), and one is for anything else.
  if (a && !currency && +a !== 0) fail(`amount "${a}" needs a currency`);
  const amount = a ? toMinor(a, currency || 'JPY') : 0;
  const facts = { ts: now, amount, type, coupon };
  return serverEvent<ConversionEvent>(
    'conversion',
    {
      conversion: { ...(orderId && { orderId }), type, amount, ...(currency && { currency }), ...(coupon && { coupon }) },
      touchpoints,
      attribution: attribute(touchpoints, facts, { model, windowDays }),
      award: award(touchpoints, facts, { windowDays, ...awardOptions }),
    },
    { ...envelope, id: orderId && (await orderEventId(type, orderId)) },
  );
};

/**
 * The tracking pixel, for pages where JavaScript cannot run (a `<noscript>` thank-you page, an
 * e-mail, AMP): a Web-standard `Request → Response` handler that answers every GET with a 1×1 GIF
 * (`no-store`, even for bad input, so no page shows a broken image) and records the event through
 * `onEvent`. Mounted on the merchant's own site, it receives the journey cookie, so a conversion
 * carries that journey, its attribution and its award exactly as a scripted one. Query: `t`,
 * `order`, `amount`, `currency`, `coupon`, `ref`, `sub1`…`sub5`, `click_id`, `name`, `test`.
 */
export const pixelHandler =
  (options: PixelOptions = {}) =>
  async (request: Request): Promise<Response> => {
    const { method } = request;
    if (method != 'GET' && method != 'HEAD') return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
    // HEAD is a link checker or a prefetch, never a view.
    if (method == 'GET')
      try {
        await deliver(await pixelEvent(request, options), options.onEvent, (error) => report(options.onError, error, request));
      } catch (error) {
        report(options.onError, error, request);
      }
    return new Response(method == 'GET' ? GIF : null, {
      headers: { 'content-type': 'image/gif', 'content-length': '' + GIF.length, 'cache-control': 'no-store' },
    });
  };

/**
 * The URL of a pixel at `base` for a conversion: `<img src="${pixelUrl('/px', { orderId, amount, currency })}">`.
 * Throws a `TypeError`/`RangeError` for what the pixel would refuse (an unknown currency, a bad
 * amount, a code or sub-id the SDK would drop), so a broken snippet fails where it is written.
 */
export const pixelUrl = (base: string | URL, conversion: PixelConversion = {}): string => {
  const { type, orderId, amount, coupon, ref, subIds = {}, clickId, name, test } = conversion;
  const currency = conversion.currency?.toUpperCase();
  const url = new URL(base, 'http://relative.invalid');
  if (type && !TYPES.includes(type)) fail(`unknown pixel type "${type}" (${TYPES.join(', ')})`);
  if (amount != null && amount !== '') toMinor(amount, currency || (+amount === 0 ? 'JPY' : ''));
  else if (currency && exponent(currency) < 0) fail(`unknown currency "${currency}"`);
  if (ref != null && !isReferralCode(ref)) fail(`not a referral code the SDK accepts: "${ref}"`);
  for (const [k, v] of Object.entries(subIds)) if (!SUB_IDS.includes(k as 'sub1') || !isSubId(v)) fail(`not a valid sub-id: ${k}="${v}"`);
  const params: [string, unknown][] = [
    ['t', type != 'conversion' && type],
    ['order', orderId],
    ['amount', amount],
    ['currency', currency],
    ['coupon', coupon],
    ['ref', ref],
    ...SUB_IDS.map((k): [string, unknown] => [k, subIds[k]]),
    ['click_id', clickId],
    ['name', name],
    ['test', test && 1],
  ];
  for (const [k, v] of params) if (v != null && v !== '' && v !== false) url.searchParams.set(k, '' + v);
  return url.origin == 'http://relative.invalid' ? url.pathname + url.search : url.href;
};
