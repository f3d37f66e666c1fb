import { lastTouch, type AwardOptions } from './attribution';
import { startingConsent, type Consent } from './browser/consent';
import { idle } from './browser/idle';
import { landingUrl } from './browser/landing-url';
import { onNavigate } from './browser/navigation';
import { pageTouches } from './browser/page-touches';
import { tabs } from './browser/tabs';
import { hasEmail } from './capture/personal';
import { REF_PARAMS } from './capture/referral-code';
import { CONSENT, CONVERTED_BEFORE, HELD, NOT_SENT, notes, REJECTED, STARTED, STORED, type LoadReport } from './debug/notes';
import { credit } from './events/conversion';
import { readConversion, text } from './events/conversion-input';
import { envelope } from './events/envelope';
import { CLICK_CAP } from './capture/signals';
import type { ConversionEvent, EventBase, WireEvent } from './events/event';
import { likelySite, registrableDomain } from './store/cookie';
import type { Layer } from './store/journey-store';
import { createSession } from './store/session';
import { claimOrder, createOutbox, type Outbox } from './transport';
import type { AttributionModel, SubIdKey, Touchpoint } from './types';

export type { Consent } from './browser/consent';

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
  /** Send a `click` event when a referral is captured (at most 10 an hour). Default true. */
  clicks?: boolean;
  /** Record a landing that runs inside a frame of another site as a touchpoint. Default false: hidden iframes stuff cookies. */
  allowFramed?: boolean;
  /**
   * Print a readable report in the console (also `?reftrace_debug=1` on any page): what was
   * captured or why not, where the journey is stored, consent, each event and its delivery.
   */
  debug?: boolean;
  /**
   * Mark every event `test: true` (collectors count it apart and never pay it). A landing with
   * `?reftrace_test=1` does so for the visitor's whole journey, until `reset`.
   */
  test?: boolean;
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

export interface Conversion {
  /** Converts once per browser: a second `convert` with the same id is ignored. */
  orderId?: string | number;
  /** Major units (49.99), as a number or a decimal string. Default 0 (a signup). */
  amount?: number | string;
  /** ISO 4217 code (any case); required when `amount` is not 0. */
  currency?: string;
  coupon?: string | number;
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
  identify(userId: string | number, traits?: Record<string, unknown>): Promise<WireEvent | undefined>;
  /** The journey's touchpoints inside the window, oldest first. */
  touchpoints(): Touchpoint[];
  /**
   * The journey's token for a checkout (Stripe's `client_reference_id`, a hidden form field):
   * the anonymous id, always present and Stripe-safe (`[A-Za-z0-9_-]`, 21 characters).
   * `reftrace/server`'s `fromReferralId` resolves it back to the journey. While consent is pending
   * it is this page's identity in memory; after `reset` a new one. `''` on the server.
   */
  referralId(): string;
  /** Resolves when everything queued was delivered or nothing more can be sent now. */
  flush(): Promise<void>;
  /** Forgets the journey and the anonymous id, on this page and in storage. */
  reset(): Promise<void>;
  /** Changes consent; granting sends what waited in memory, in order; denying erases storage. Rejects a state other than the three. */
  consent(state: Consent): Promise<void>;
}

const noop = async () => {};

// Whether the server-side stand-in has said, in debug mode, that it records nothing: once per process.
let toldServer = false;

/**
 * Creates a tracker for this page. Nothing touches the browser before this call, and outside a
 * browser (SSR) it returns a tracker that records nothing and whose calls all resolve
 * (`convert`, `track` and `identify` with `undefined`), so it is safe to call anywhere.
 */
export const createTracker = (options: TrackerOptions): Tracker => {
  // The report's words are a chunk of their own, fetched in debug mode only.
  if (typeof document != 'undefined') return trackPage(options, (notes) => import('./debug/report').then((m) => m.listen(notes)));
  // Resolving, not rejecting: a fire-and-forget `convert()` in code shared with the server would
  // otherwise be an unhandled rejection, which ends a Node process.
  const none = async () => {
    if (options.debug && !toldServer) {
      toldServer = true;
      console.warn('reftrace: not in a browser (server-side rendering): nothing is recorded or sent');
    }
    return undefined;
  };
  return { ready: noop(), convert: none, track: none, identify: none, touchpoints: () => [], referralId: () => '', flush: noop, reset: noop, consent: noop };
};

/** The page's tracker, and what the script tag needs of it: `_leave` when it started it as the page went away. */
export type PageTracker = Tracker & { _leave(): void };

/**
 * The tracker of a page in a browser. The script tag, which only ever runs in one, calls it
 * directly, at its first idle moment, with the landing it read when it ran (`seen`). `load`
 * fetches the debug report's words, when debug mode is on.
 */
export const trackPage = (options: TrackerOptions, load?: LoadReport, seen: [url: string, referrer: string] = [landingUrl(), document.referrer]): PageTracker => {
  const { params = REF_PARAMS, windowDays = 30, model = lastTouch(), clicks = true } = options;
  const [href] = seen;
  const flag = (name: string) => href.includes(`reftrace_${name}=1`);
  const note = notes((options.debug || flag('debug')) && load);
  let consent = startingConsent(options);
  let endpoint: string | undefined;
  try {
    endpoint = options.endpoint ? new URL(options.endpoint, location.href).href : endpoint;
  } catch {}
  // Not debug-only: without an endpoint nothing can ever be delivered, so say it loudly once.
  if (!endpoint) console.error('reftrace: no endpoint');
  const session = createSession(options.cookieDomain, windowDays, options.layers);
  // A test link marks the journey, which keeps the mark for every later page; the option marks this page's events only.
  if (flag('test')) session._journey.test = true;
  note(STARTED, options);
  const rules = { model, windowDays, award: options.award };
  let outbox: Outbox | undefined;
  // Events made before storage opened (consent pending), sent in order once it does, completed
  // with the journey as it then stands: the stored identity, and for a conversion the credit.
  let held: WireEvent[] = [];
  // Storage is open and what was held went to the outbox.
  let live = 0;
  // A reset made while storage was closed: storage is cleared, not merged, once it opens.
  let cleared = 0;
  let loading = noop();
  let release: (queued: Promise<unknown>) => void;
  const released = new Promise((r) => (release = r));
  const orders = new Set<string>();
  const spent = new WeakSet<WireEvent>();
  // An order is claimed in storage once it may be written. The claim is synchronous, so the event
  // reaches the outbox before the page can unload, unless it must wait for IndexedDB's answer.
  const claimed = <R>(id: string | undefined, then: (first: boolean) => R) => {
    const first = !id || claimOrder(id, windowDays, options.cookieDomain ?? registrableDomain(location.hostname));
    return first instanceof Promise ? first.then(then) : then(first);
  };

  const send = async <E extends WireEvent>(type: E['type'], body: Omit<E, keyof EventBase>, ts = Date.now(), page?: string): Promise<E | undefined> => {
    if (consent == 'denied') return void note(NOT_SENT, type);
    const event = { ...envelope(type, ts, session._journey, page, options.test), ...body } as E;
    if (live && outbox) await outbox.push(event);
    // Granted, storage opens in a moment (or as the page goes away): resolved once queued then.
    else if ((held.push(event), consent == 'granted')) {
      await released;
      // Its order converted on an earlier page: found once storage opened.
      if (spent.has(event)) return;
    } else note(HELD, event);
    return event;
  };

  // Until storage opens, the probe that finds the registrable domain may not run.
  const host = location.hostname;
  const site = () => options.cookieDomain || (session._opened ? registrableDomain(host) : likelySite(host)) || host;
  const touches = pageTouches(
    session,
    { params, subParams: options.subParams, allowFramed: options.allowFramed },
    site,
    // A click flood sends at most CLICK_CAP click events an hour.
    (touchpoint, page) => clicks && touchpoint.ref && (touchpoint.signals?.recentClicks || 0) <= CLICK_CAP && send('click', { touchpoint }, touchpoint.ts, page),
    note,
  );
  // The outbox reports what it drops itself (to the notes, and `onError`).
  const queue = () => endpoint && (outbox ||= createOutbox({ endpoint, note, onError: options.onError }));

  // Storage may be read (consent granted) and the page needs it: its deferred start, a command
  // that reads the journey, or the page going away. What the synchronous layers (cookie,
  // localStorage) hold comes in at once, this page's landings are judged against it, and what was
  // held goes to the outbox, attributed from that journey: a conversion fired right before the
  // page unloads reaches a queue whose unload beacon carries it. IndexedDB joins in `settle`.
  const open = () => {
    if (session._opened || consent != 'granted') return;
    // Every touch in memory is this page's and provisional: judged again below.
    session._journey.touchpoints = [];
    session._open(cleared);
    if (cleared) tell('reset');
    cleared = 0;
    // The clicks of the landings judged again go first: at equal times, they happened first.
    const waiting = held;
    held = [];
    touches._replay();
    held.push(...waiting);
    // A new touch goes to the synchronous layers at once, before a quick navigation can lose it.
    session._save();
    loading = session._settle();
    const journey = session._journey;
    const queued: Promise<void>[] = [];
    if (queue()) for (const event of held.splice(0).sort((a, b) => a.ts - b.ts)) {
      event.anonymousId = journey.anonymousId;
      event.userId ||= journey.userId;
      // An earlier page of this journey followed a test link.
      event.test ||= journey.test;
      if (event.type == 'conversion') {
        try {
          Object.assign(event, credit(event.conversion, event.ts, session._touchpoints(event.ts), rules));
        } catch (e) {
          note(REJECTED, e);
        }
        // Remembered in memory while held; claimed for good when sent.
        const id = event.conversion.orderId;
        queued.push(claimed(id, (first) => (first ? outbox?.push(event) : (spent.add(event), note(CONVERTED_BEFORE, id)))) as Promise<void>);
        continue;
      }
      queued.push(outbox!.push(event));
    }
    live = 1;
    release(Promise.all(queued));
  };
  // Commands that read the journey see it as stored now: another tab may have added a touch.
  const current = () => (session._opened ? session._refresh() : open());

  // Forgets the visitor on this page: a new identity and no touches, storage closed until it opens again.
  const forget = () => {
    session._forget();
    touches._forget();
    live = 0;
  };
  // Withdrawn here (`mine`) or in another tab: nothing more is sent or stored, and what was stored is erased.
  const withdraw = async (mine?: 1) => {
    const had = session._opened;
    consent = 'denied';
    held = [];
    outbox?.stop();
    outbox = undefined;
    forget();
    if (mine) tell('denied');
    if (mine || had) await session._erase();
  };
  const tell = tabs((news) => (news == 'denied' ? withdraw() : (forget(), open())));

  // The landing is read at once and exactly; everything that touches storage waits until the
  // script has run (the first idle moment: the script tag must not hold the parser for it),
  // unless the page goes away first. These listeners come before the outbox's, so a page left
  // before then still hands what it held to the outbox's unload beacon.
  touches._see(...seen);
  addEventListener('pagehide', () => open());
  addEventListener('visibilitychange', () => document.hidden && open());
  if (consent == 'granted') queue();
  // A route change inside the app keeps document.referrer of the first page: only the URL counts.
  onNavigate(() => touches._see(location.href, '') && session._save());
  const start = async () => {
    if (consent == 'granted') open(), await loading, note(STORED, session._journey);
    else if (consent == 'denied') await session._erase();
  };
  const ready = new Promise<void>((r) => idle(() => r(start().catch((e) => note(REJECTED, e)))));

  // The commands never wait for `ready`. Once storage is open they hand their event to the outbox
  // synchronously; before, they hold it until storage opens, at the latest as the page goes away.
  // Either way a page that navigates away right after `convert()` does not lose it.
  const guard =
    <A extends unknown[], R>(command: (...args: A) => R) =>
    (...args: A): Promise<Awaited<R>> => {
      try {
        return Promise.resolve(command(...args)) as Promise<Awaited<R>>;
      } catch (error) {
        note(REJECTED, error);
        return Promise.reject(error);
      }
    };

  return {
    ready,
    // Started while the page goes away, after its own listeners would have run.
    _leave: () => (open(), outbox?._leave()),

    convert: guard((conversion: Conversion) => {
      // Before storage opens the credit is provisional: it is given again when the event is released.
      session._refresh();
      const ts = Date.now();
      const order = readConversion(conversion);
      const body = { conversion: order, ...credit(order, ts, session._touchpoints(ts), rules) };
      // Built and serialized before the order is claimed: an event the outbox would drop (circular
      // or BigInt items) or a throwing model must not spend the order id that a retry needs.
      JSON.stringify(body);
      const id = order.orderId;
      // While consent is pending the order is remembered in memory; it is claimed for good when sent.
      if (id && orders.has(id)) return void note(CONVERTED_BEFORE, id);
      if (id) orders.add(id);
      const sendIt = (first: boolean) => (first ? send<ConversionEvent>('conversion', body, ts) : void note(CONVERTED_BEFORE, id));
      // Held (storage closed), the order is claimed when the event is released.
      return live && outbox ? claimed(id, sendIt) : sendIt(true);
    }),

    track: guard((name: string, properties?: Record<string, unknown>) => {
      if (!name || typeof name != 'string') throw TypeError('reftrace: track needs an event name');
      return send('track', { name, properties });
    }),

    identify: guard((id: string | number, traits?: Record<string, unknown>) => {
      // The store's limit: a longer id would make every layer refuse the journey on the next page.
      const what = 'identify needs a user id';
      const userId = text(id, what);
      if (!userId) throw TypeError(`reftrace: ${what} of at most 256 characters`);
      // The id goes into the cookie that every subdomain and every request to the site carries.
      if (hasEmail(userId)) throw TypeError('reftrace: identify needs your own user id, not an e-mail address');
      session._identify(userId);
      session._save();
      return send('identify', { traits });
    }),

    touchpoints: () => (current(), session._touchpoints(Date.now())),
    referralId: () => (current(), session._journey.anonymousId),
    flush: () => (open(), outbox ? outbox.flush() : noop()),

    // While storage is closed (consent pending or denied) nothing is written: the clearing waits
    // until it opens.
    async reset() {
      forget();
      cleared = 1;
      open();
      await loading;
    },

    async consent(state) {
      // A typo ('yes', 'accept') would otherwise hold every event in memory for good, silently.
      if (!/^(granted|pending|denied)$/.test(state)) throw TypeError('reftrace: consent is granted, pending or denied');
      if (state == consent || (consent == 'granted' && state == 'pending')) return;
      note(CONSENT, state);
      if (state == 'denied') return withdraw(1);
      consent = state;
      open();
      await loading;
    },
  };
};
