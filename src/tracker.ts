import { nanoid } from 'nanoid';
import { attribute, award, lastTouch, type AwardOptions } from './attribution';
import { onNavigate } from './browser/navigation';
import { readLanding } from './capture/landing';
import { REF_PARAMS } from './capture/referral-code';
import type { ConversionEvent, EventBase, WireEvent } from './events/event';
import { toMinor } from './events/money';
import { registrableDomain } from './store/cookie';
import { MAX_TOUCHPOINTS, mergeJourneys } from './store/journey';
import { createJourneyStore, type JourneyStore, type Layer } from './store/journey-store';
import { claimOrder, createOutbox, type Outbox } from './transport';
import type { AttributionModel, Journey, SubIdKey, Touchpoint } from './types';
import { VERSION } from './version';

export interface TrackerOptions {
  /** Where events are sent (absolute, or relative to the page). */
  endpoint: string;
  /** Query parameters that carry a referral code, in order of preference. */
  params?: string[];
  /** A program's own sub-id parameters, mapped to `sub1`…`sub5`: `{ aff_sub: 'sub1', subid: 'sub1' }`. */
  subParams?: Record<string, SubIdKey>;
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
  /**
   * Called for every event the outbox gives up on: refused by the endpoint (a 4xx other than
   * 408/429), undelivered after 7 days, evicted from a full outbox, or not serializable.
   */
  onError?: (error: Error, event?: WireEvent) => void;
  /** Extra storage layers, e.g. the server-set cookie or cross-domain tokens (opt-in entries). */
  layers?: Layer[];
  /** Consent to store and send; `pending` holds everything in memory until `consent('granted')`. Default `granted`. */
  consent?: Consent;
  /** Global Privacy Control: `deny` (default) starts as `denied` when the browser sends it. */
  gpc?: 'deny' | 'ignore';
  /** Do Not Track: `ignore` (default; no law gives it force and browsers retired it) or `deny`. */
  dnt?: 'deny' | 'ignore';
}

/** `granted`: store and send. `pending`: keep in memory, store and send once granted. `denied`: store and send nothing, erase what was stored. */
export type Consent = 'granted' | 'pending' | 'denied';

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
  /**
   * Resolves with the event once durably queued (held in memory while consent is pending), or
   * `undefined` when the order already converted or consent is denied. Rejects on a bad amount
   * or currency.
   */
  convert(conversion: Conversion): Promise<ConversionEvent | undefined>;
  track(name: string, properties?: Record<string, unknown>): Promise<WireEvent | undefined>;
  identify(userId: string, traits?: Record<string, unknown>): Promise<WireEvent | undefined>;
  /** The journey's touchpoints inside the window, oldest first. */
  touchpoints(): Touchpoint[];
  /** Resolves when everything queued was delivered or nothing more can be sent now. */
  flush(): Promise<void>;
  /** Forgets the journey and the anonymous id, on this page and in storage. */
  reset(): Promise<void>;
  /** Changes consent; granting sends what waited in memory, in order; denying erases storage. */
  consent(state: Consent): Promise<void>;
}

const DAY = 864e5;
// A reload or a return within this time to the same landing is the same visit, not a new touch.
const VISIT = 18e5;
// A landing's tracking parameters: they and the referring site make a visit, not the path, so a
// site or an app router that keeps `?ref=` on every page does not turn one click into many.
const tracking = (t: { landing: string }) => t.landing.split('?')[1];

const noop = async () => {};

/**
 * Creates a tracker for this page. Nothing touches the browser before this call, and outside a
 * browser (SSR) it returns a tracker that records nothing, so it is safe to call anywhere.
 */
export const createTracker = (options: TrackerOptions): Tracker => {
  if (typeof document != 'undefined') return trackPage(options);
  const none = () => Promise.reject(TypeError('reftrace: needs a browser'));
  return { ready: noop(), convert: none, track: none, identify: none, touchpoints: () => [], flush: noop, reset: noop, consent: noop };
};

/** The tracker of a page in a browser. The script tag, which only ever runs in one, calls it directly. */
export const trackPage = (options: TrackerOptions): Tracker => {
  const { params = REF_PARAMS, windowDays = 30, model = lastTouch(), clicks = true, debug } = options;
  const log = (...args: unknown[]) => debug && console.warn('reftrace:', ...args);
  const fresh = (): Journey => ({ anonymousId: nanoid(), touchpoints: [] });
  let journey = fresh();
  const inWindow = (now: number) => journey.touchpoints.filter((t) => t.ts >= now - windowDays * DAY && t.ts <= now);

  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  let consent: Consent =
    (nav.globalPrivacyControl && options.gpc != 'ignore') || (nav.doNotTrack == '1' && options.dnt == 'deny')
      ? 'denied'
      : options.consent || 'granted';
  let endpoint: string | undefined;
  try {
    endpoint = options.endpoint ? new URL(options.endpoint, location.href).href : endpoint;
  } catch {}
  // Not debug-only: without an endpoint nothing can ever be delivered, so say it loudly once.
  if (!endpoint) console.error('reftrace: `endpoint` is missing or not a URL; events stay in memory');
  // Probing the registrable domain writes a cookie, so it waits until storage is allowed (or
  // storage must be erased); until then the page's own host stands in for the site.
  let store: JourneyStore | undefined;
  const storage = () => (store ||= createJourneyStore(options.cookieDomain ?? registrableDomain(location.hostname), windowDays, options.layers));
  // Opened only once consent is granted: until then no storage may be touched, not even read.
  let outbox: Outbox | undefined;
  // Events created while consent is pending, sent in order once it is granted.
  let held: WireEvent[] = [];
  const orders = new Set<string>();
  const seen = new Set<string>();
  const persist = () => consent == 'granted' && storage().save(journey);

  // Absent fields are left `undefined`: JSON drops them on the wire.
  const send = async <E extends WireEvent>(type: E['type'], body: Omit<E, keyof EventBase>, ts = Date.now()): Promise<E | undefined> => {
    if (consent == 'denied') return void log('consent denied, not sent:', type);
    const event = {
      id: nanoid(),
      type,
      ts,
      anonymousId: journey.anonymousId,
      userId: journey.userId,
      context: { page: location.pathname, referrer: document.referrer ? new URL(document.referrer).hostname : undefined, library: { name: 'reftrace', version: VERSION } },
      ...body,
    } as E;
    await (outbox ? outbox.push(event) : held.push(event));
    return event;
  };

  const capture = (referrer: string) => {
    const site = options.cookieDomain || (store ? registrableDomain(location.hostname) : '') || location.hostname;
    const { landing, rejected, dropped } = readLanding(location.href, referrer, params, site, options.subParams);
    if (rejected) log('not a referral code, ignored:', rejected);
    if (dropped) log('not a sub-id, ignored:', dropped);
    if (!landing) return;
    const key = tracking(landing) + ' ' + landing.referrer;
    const last = journey.touchpoints[journey.touchpoints.length - 1];
    const now = Date.now();
    // A page reached from the shop itself has no referrer of its own: it continues the last visit.
    const same = last && tracking(last) == tracking(landing) && (!landing.referrer || landing.referrer == last.referrer);
    if (seen.has(key) || (same && now - last.ts < VISIT)) return;
    seen.add(key);
    const touchpoint: Touchpoint = { id: nanoid(), ts: now, ...landing };
    journey.touchpoints = [...journey.touchpoints, touchpoint].slice(-MAX_TOUCHPOINTS);
    if (clicks && touchpoint.ref) send('click', { touchpoint });
    return 1;
  };

  // The stored anonymous id wins over this page's fresh one, but an `identify` on this page wins
  // over the user id an earlier page stored: the visitor switched accounts.
  const join = (stored?: Journey) => {
    const { userId } = journey;
    journey = mergeJourneys([stored, journey], Date.now(), windowDays)!;
    if (userId) journey.userId = userId;
  };
  // Consent granted. What the synchronous layers (cookie, localStorage) hold comes in at once,
  // and the outbox opens at once: a conversion fired right before the page unloads must find the
  // journey and a queue whose unload beacon will carry it. IndexedDB joins in `settle`.
  const open = () => {
    join(storage().loadNow());
    if (!endpoint) return;
    // The outbox reports what it drops itself (console in debug mode, and `onError`).
    outbox ||= createOutbox({ endpoint, debug, onError: options.onError });
    for (const e of held.splice(0)) if (e.type != 'conversion' || !e.conversion.orderId || claimOrder(e.conversion.orderId, windowDays)) outbox.push(e);
  };
  const settle = async () => {
    join(await storage().load());
    await persist();
  };

  const ready = (async () => {
    // The registrable domain tells a sister subdomain (same site) from a referral.
    if (consent != 'pending') storage();
    if (consent == 'granted') open();
    // After the stored journey, so that a reload of the landing is not a second touch.
    // A new touch goes to the synchronous layers at once, before a quick navigation can lose it;
    // a page without one writes only once, after IndexedDB has joined in.
    if (capture(document.referrer)) persist();
    await (consent == 'granted' ? settle() : consent == 'denied' && storage().erase());
    // A route change inside the app keeps document.referrer of the first page: only the URL counts.
    onNavigate(() => capture('') && persist());
  })().catch(log) as Promise<void>;

  // The commands do their work synchronously, up to handing the event to the outbox: a page that
  // navigates away right after `convert()` must not lose it. They do not wait for `ready`.
  const guard =
    <A extends unknown[], R>(command: (...args: A) => R) =>
    (...args: A): Promise<Awaited<R>> => {
      try {
        return Promise.resolve(command(...args)) as Promise<Awaited<R>>;
      } catch (error) {
        log(error);
        return Promise.reject(error);
      }
    };

  return {
    ready,

    convert: guard((conversion: Conversion) => {
      const { orderId, coupon, items, type = 'purchase' } = conversion || {};
      const currency = conversion?.currency?.toUpperCase();
      const a = conversion?.amount;
      // No currency is needed for nothing (a signup): a code of exponent 0 then only checks how the
      // zero is written; anything else without one is an unknown currency "".
      const amount = a == null ? 0 : toMinor(a, currency || (+a ? '' : 'JPY'));
      const id = orderId == null ? undefined : orderId + '';
      const ts = Date.now();
      const touchpoints = inWindow(ts);
      const facts = { ts, amount, type, coupon };
      const body = {
        conversion: { orderId: id, type, amount, currency, coupon, items },
        touchpoints,
        attribution: attribute(touchpoints, facts, { model, windowDays }),
        award: award(touchpoints, facts, { windowDays, ...options.award }),
      };
      // Built and serialized before the order is claimed: an event the outbox would drop (circular
      // or BigInt items) or a throwing model must not spend the order id that a retry needs.
      JSON.stringify(body);
      // While consent is pending the order is remembered in memory; it is claimed for good when sent.
      if (id && (orders.has(id) || (outbox && !claimOrder(id, windowDays)))) return void log('order already converted:', id);
      if (id) orders.add(id);
      return send<ConversionEvent>('conversion', body, ts);
    }),

    track: guard((name: string, properties?: Record<string, unknown>) => {
      if (!name || typeof name != 'string') throw TypeError('reftrace: track needs an event name');
      return send('track', { name, properties });
    }),

    identify: guard((userId: string, traits?: Record<string, unknown>) => {
      // The store's limit: a longer id would make every layer refuse the journey on the next page.
      if (!userId || typeof userId != 'string' || userId.length > 256) throw TypeError('reftrace: identify needs a user id of at most 256 characters');
      journey.userId = userId;
      persist();
      return send('identify', { traits });
    }),

    touchpoints: () => inWindow(Date.now()),
    flush: () => (outbox ? outbox.flush() : noop()),

    async reset() {
      await ready;
      journey = fresh();
      seen.clear();
      await storage().clear();
    },

    async consent(state) {
      await ready;
      if (state == consent || (consent == 'granted' && state == 'pending')) return;
      consent = state;
      if (state == 'granted') return open(), persist(), settle();
      held = [];
      outbox?.stop();
      outbox = undefined;
      await storage().erase();
    },
  };
};
