import { onNavigate } from '../browser/navigation';
import { createTracker, type Tracker, type TrackerOptions } from '../tracker';
import type { Touchpoint } from '../types';

/** What `useReftrace()` returns. */
export interface ReftraceState {
  /** The page's one tracker (`convert`, `track`, `identify`…); on the server, the inert stand-in of `createTracker`. */
  tracker: Tracker;
  /** Whether `tracker.ready` has resolved: this page's landing is captured and stored. Always `false` on the server. */
  ready: boolean;
  /** The journey's touchpoints inside the window, oldest first; `[]` on the server and until `ready`. */
  touchpoints: Touchpoint[];
  /** `tracker.referralId()`, the journey's token for a checkout (Stripe's `client_reference_id`); `''` on the server and until `ready`. */
  referralId: string;
}

/** One tracker and the state components read from it, in the shape `useSyncExternalStore` takes. */
export interface TrackerStore {
  /** What the server renders and hydration starts from: the same on both sides, so they cannot mismatch. */
  initial: ReftraceState;
  current(): ReftraceState;
  subscribe(listener: () => void): () => void;
}

// The same options written inline give a new object on every render, so a store is found by what
// the options say, not by identity. Functions (a model's weights, `onError`) are not compared: the
// first provider's are used.
const keyOf = (options: TrackerOptions) => JSON.stringify(options, (_, value) => (typeof value == 'function' ? undefined : value));

const sameTouches = (a: Touchpoint[], b: Touchpoint[]) => a.length == b.length && a.every((t, i) => t.id == b[i]!.id);

// The page's stores. A tracker owns listeners and storage for the page's whole life: two of them
// would record every landing and click twice, so a remount, StrictMode's double render and a
// second provider with the same options all get the first one.
const stores = new Map<string, TrackerStore>();

/** The server's store: created per render and never cached, since a server process is shared by every request. */
const serverStore = (options: TrackerOptions): TrackerStore => {
  const initial: ReftraceState = { tracker: createTracker(options), ready: false, touchpoints: [], referralId: '' };
  return { initial, current: () => initial, subscribe: () => () => {} };
};

const browserStore = (options: TrackerOptions): TrackerStore => {
  const page = createTracker(options);
  const listeners = new Set<() => void>();
  let ready = false;
  // Read only once `ready`: before storage opens, the identity and the touchpoints are provisional,
  // and reading them would open storage before the tracker's deferred start.
  const refresh = () => {
    if (!ready) return;
    const touchpoints = page.touchpoints();
    const referralId = page.referralId();
    if (state.ready && referralId == state.referralId && sameTouches(touchpoints, state.touchpoints)) return;
    state = { tracker, ready, touchpoints, referralId };
    listeners.forEach((listener) => listener());
  };
  // Commands that change the journey or the identity show in the state once they are done.
  const tracker: Tracker = {
    ...page,
    reset: () => page.reset().then(refresh),
    consent: (consent) => page.consent(consent).then(refresh),
  };
  const initial: ReftraceState = { tracker, ready: false, touchpoints: [], referralId: '' };
  let state = initial;
  page.ready.then(() => ((ready = true), refresh()));
  // The tracker sees a route change first (its listener came first), so a new `?ref=` is in the journey here.
  onNavigate(refresh);
  return {
    initial,
    current: () => state,
    subscribe: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
  };
};

/**
 * The store for `options`: on the server a fresh inert one, in a browser the page's one for these
 * options, created the first time it is asked for. Nothing touches the browser before that.
 */
export const trackerStore = (options: TrackerOptions): TrackerStore => {
  if (typeof document == 'undefined') return serverStore(options);
  const key = keyOf(options);
  let store = stores.get(key);
  if (!store) stores.set(key, (store = browserStore(options)));
  return store;
};
