import { ORDERS } from '../transport/orders';
import type { Journey } from '../types';
import { COOKIE, decodeJourney, encodeJourney, validJourney } from './codec';
import { readCookie, writeCookie } from './cookie';
import { mergeJourneys } from './journey';
import { kvDel, kvErase, kvGet, kvUpdate } from './kv';

/** Where the journey is kept: every layer at once, read back as their union. */
export interface JourneyStore {
  /** The union of every layer. */
  load(): Promise<Journey | undefined>;
  /** The union of the layers that answer synchronously (cookie, localStorage): there before any await. */
  loadNow(): Journey | undefined;
  save(journey: Journey): Promise<void>;
  clear(): Promise<void>;
  /** Removes everything reftrace stored in this browser: journey, outbox, orders (consent denied). */
  erase(): Promise<void>;
}

/**
 * One place the journey is kept. Layers may be slow, throw or hang: the store treats each
 * failure as an empty layer. Opt-in features (the server-set cookie, cross-domain tokens) are
 * layers too, passed as `createTracker({ layers })`.
 */
export interface Layer {
  get(): Journey | undefined | Promise<Journey | undefined>;
  set(journey: Journey): unknown;
  del(): unknown;
}

// Every localStorage key of reftrace starts with `reftrace:`, so erasing can find them all.
const LOCAL = 'reftrace:journey';

export const cookieLayer = (domain: string, days: number): Layer => ({
  get: () => decodeJourney(readCookie(COOKIE)),
  set: (j) => writeCookie(COOKIE, encodeJourney(j), days, domain),
  del: () => writeCookie(COOKIE, '', 0, domain),
});

// Written as a merge with what it holds, in one transaction: another tab's write since this page
// read, or a journey only IndexedDB still held (cookie and localStorage wiped), is never lost.
export const idbLayer = (days: number): Layer => ({
  get: () => kvGet<Journey>('journey').then(validJourney),
  set: (j) => kvUpdate<Journey | undefined>('journey', (old) => mergeJourneys([j, validJourney(old)], Date.now(), days)),
  del: () => kvDel('journey'),
});

export const localLayer: Layer = {
  // An absent key throws in JSON.parse: the layer is empty.
  get: () => validJourney(JSON.parse(localStorage[LOCAL])),
  set: (j) => (localStorage[LOCAL] = JSON.stringify(j)),
  del: () => delete localStorage[LOCAL],
};

// A layer that throws or hangs (blocked storage, private mode, full disk) counts as empty.
const attempt = <T>(work: () => T | Promise<T>): Promise<T | undefined> =>
  new Promise<T>((r) => r(work())).catch(() => undefined);

/**
 * The journey in three layers: the first-party cookie (shared by every subdomain and readable
 * by the merchant's server), IndexedDB and localStorage (per origin, larger). Reading merges
 * all of them, so a layer wiped by the browser or by hand is healed by the next save.
 */
export const createJourneyStore = (cookieDomain: string, windowDays: number, extra: Layer[] = []): JourneyStore => {
  const idb = idbLayer(windowDays);
  const layers = [cookieLayer(cookieDomain, windowDays), idb, localLayer, ...extra];
  const each = (fn: (l: Layer) => unknown) => Promise.all(layers.map((l) => attempt(() => fn(l)))).then(() => {});
  return {
    load: () => Promise.all(layers.map((l) => attempt(l.get))).then((found) => mergeJourneys(found, Date.now(), windowDays)),
    loadNow: () =>
      mergeJourneys(
        layers.map((l) => {
          try {
            const j = l != idb && l.get();
            if (j && !(j instanceof Promise)) return j;
          } catch {}
        }),
        Date.now(),
        windowDays,
      ),
    save: (journey) => each((l) => l.set(journey)),
    clear: () => each((l) => l.del()),
    // Like `clear`, except that IndexedDB and localStorage lose every key of reftrace, not
    // only the journey's: the outbox and the converted orders too.
    erase() {
      // The converted orders' cookie too (transport/orders.ts): the other layers hold them as keys of reftrace.
      writeCookie(ORDERS, '', 0, cookieDomain);
      return each((l) =>
        l == idb
          ? kvErase()
          : l == localLayer
            ? Object.keys(localStorage).forEach((k) => k.startsWith('reftrace:') && delete localStorage[k])
            : l.del(),
      );
    },
  };
};
