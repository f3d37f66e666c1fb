import { nanoid } from 'nanoid';
import { attribute, award, lastTouch, type AwardOptions } from './attribution';
import { onNavigate } from './browser/navigation';
import { readLanding } from './capture/landing';
import type { ConversionEvent, EventBase, WireEvent } from './events/event';
import { toMinor } from './events/money';
import { registrableDomain } from './store/cookie';
import { MAX_TOUCHPOINTS } from './store/journey';
import { createJourneyStore, type Layer } from './store/journey-store';
import { claimOrder } from './transport/orders';
import { createOutbox } from './transport/outbox';
import type { AttributionModel, Journey, Touchpoint } from './types';
import { VERSION } from './version';

export interface TrackerOptions {
  /** Where events are sent (absolute, or relative to the page). */
  endpoint: string;
  /** Query parameters that carry a referral code, in order of preference. */
  params?: string[];
  /** How long a touchpoint can earn credit, in days. Default 30. */
  windowDays?: number;
  /** How credit spreads over the journey. Default `lastTouch()`. */
  model?: AttributionModel;
  /** Rules for the single partner who earns the commission. */
  award?: AwardOptions;
  /** Cookie domain; default: the registrable domain, found by probing. */
  cookieDomain?: string;
  /** Send a `click` event when a referral is captured. Default true. */
  clicks?: boolean;
  /** Log what is ignored or rejected to the console. */
  debug?: boolean;
  /** Extra storage layers, e.g. the server-set cookie or cross-domain tokens (opt-in entries). */
  layers?: Layer[];
}

export interface Conversion {
  /** Converts once per browser: a second `convert` with the same id is ignored. */
  orderId?: string | number;
  /** Major units (49.99), as a number or a decimal string. Default 0 (a signup). */
  amount?: number | string;
  /** ISO 4217 code; required when `amount` is not 0. */
  currency?: string;
  coupon?: string;
  items?: unknown[];
  /** Default `purchase`. */
  type?: string;
}

export interface Tracker {
  /** Resolves once this page's landing is captured and stored. Never rejects. */
  ready: Promise<void>;
  /** Resolves with the event once durably queued, or `undefined` when the order already converted. */
  convert(conversion: Conversion): Promise<ConversionEvent | undefined>;
  track(name: string, properties?: Record<string, unknown>): Promise<WireEvent>;
  identify(userId: string, traits?: Record<string, unknown>): Promise<WireEvent>;
  /** The journey's touchpoints inside the window, oldest first. */
  touchpoints(): Touchpoint[];
  /** Resolves when everything queued was delivered or nothing more can be sent now. */
  flush(): Promise<void>;
  /** Forgets the journey and the anonymous id, on this page and in storage. */
  reset(): Promise<void>;
}

const DAY = 864e5;
// A reload or a return within this time to the same landing is the same visit, not a new touch.
const VISIT = 30 * 60e3;
const DEFAULT_PARAMS = ['ref', 'via', 'aff', 'referral', 'partner'];

const fail = (message: string) => Promise.reject(TypeError('reftrace: ' + message));

/**
 * Creates a tracker for this page. Nothing touches the browser before this call, and outside a
 * browser (SSR) it returns a tracker that records nothing, so it is safe to call anywhere.
 */
export const createTracker = (options: TrackerOptions): Tracker => {
  const { params = DEFAULT_PARAMS, windowDays = 30, model = lastTouch(), clicks = true, debug } = options;
  const log = (...args: unknown[]) => debug && console.warn('reftrace:', ...args);
  let journey: Journey = { anonymousId: nanoid(), touchpoints: [] };
  const inWindow = (now: number) => journey.touchpoints.filter((t) => t.ts >= now - windowDays * DAY && t.ts <= now);

  if (typeof document == 'undefined') {
    const none = () => fail('needs a browser');
    return { ready: Promise.resolve(), convert: none, track: none, identify: none, touchpoints: () => [], flush: async () => {}, reset: async () => {} };
  }

  const domain = options.cookieDomain ?? registrableDomain(location.hostname);
  const store = createJourneyStore(domain, windowDays, options.layers);
  const outbox = createOutbox({ endpoint: new URL(options.endpoint, location.href).href, debug, onError: (e) => log(e.message) });
  const persist = () => store.save(journey);

  const envelope = <E extends WireEvent>(type: E['type'], body: Omit<E, keyof EventBase>, ts = Date.now()): E => {
    const referrer = document.referrer && new URL(document.referrer).hostname;
    return {
      id: nanoid(),
      type,
      ts,
      anonymousId: journey.anonymousId,
      ...(journey.userId && { userId: journey.userId }),
      context: { page: location.pathname, ...(referrer && { referrer }), library: { name: 'reftrace', version: VERSION } },
      ...body,
    } as E;
  };
  const send = <E extends WireEvent>(event: E) => outbox.push(event).then(() => event);

  const seen = new Set<string>();
  const capture = (referrer: string): boolean | undefined => {
    const { landing, rejected } = readLanding(location.href, referrer, params, domain || location.hostname);
    if (rejected) log('not a referral code, ignored:', rejected);
    if (!landing) return;
    const key = landing.landing + ' ' + landing.referrer;
    const last = journey.touchpoints[journey.touchpoints.length - 1];
    const now = Date.now();
    if (seen.has(key) || (last && last.landing + ' ' + last.referrer == key && now - last.ts < VISIT)) return;
    seen.add(key);
    const touchpoint: Touchpoint = { id: nanoid(), ts: now, ...landing };
    journey.touchpoints = [...journey.touchpoints, touchpoint].slice(-MAX_TOUCHPOINTS);
    if (clicks && touchpoint.ref) send(envelope('click', { touchpoint }));
    return true;
  };

  const ready = store
    .load()
    .then((found) => {
      if (found) journey = found;
      capture(document.referrer);
      // A route change inside the app keeps document.referrer of the first page: only the URL counts.
      onNavigate(() => capture('') && persist());
      return persist();
    })
    .catch((error) => void log(error));

  const tracker: Tracker = {
    ready,

    async convert(conversion) {
      await ready;
      const { orderId, coupon, items, type = 'purchase' } = conversion || {};
      const currency = conversion?.currency?.toUpperCase();
      const amount = conversion?.amount == null ? 0 : toMinor(conversion.amount, currency || '');
      if (orderId != null && !(await claimOrder(String(orderId), windowDays))) return void log('order already converted:', orderId);
      const ts = Date.now();
      const touchpoints = inWindow(ts);
      const facts = { ts, amount, type, coupon };
      return send(
        envelope<ConversionEvent>(
          'conversion',
          {
            conversion: { ...(orderId != null && { orderId: String(orderId) }), type, amount, ...(currency && { currency }), ...(coupon && { coupon }), ...(items && { items }) },
            touchpoints,
            attribution: attribute(touchpoints, facts, { model, windowDays }),
            award: award(touchpoints, facts, { windowDays, ...options.award }),
          },
          ts,
        ),
      );
    },

    async track(name, properties) {
      if (!name || typeof name != 'string') return fail('track needs an event name');
      await ready;
      return send(envelope('track', { name, ...(properties && { properties }) }));
    },

    async identify(userId, traits) {
      if (!userId || typeof userId != 'string') return fail('identify needs a user id');
      await ready;
      journey.userId = userId;
      persist();
      return send(envelope('identify', { ...(traits && { traits }) }));
    },

    touchpoints: () => inWindow(Date.now()),
    flush: () => outbox.flush(),

    async reset() {
      await ready;
      journey = { anonymousId: nanoid(), touchpoints: [] };
      seen.clear();
      await store.clear();
    },
  };
  return tracker;
};
