import { readCookie, writeCookie } from '../store/cookie';
import { kvGet, kvUpdate } from '../store/kv';
import { box, local, type Box } from './persist';

const DAY = 864e5;

/** The cookie that keeps the newest claims, for a browser whose localStorage is cleared or blocked. */
export const ORDERS = '_reftrace_o';

// The cookie rides on every request to the site: it keeps the newest few claims, each as a hash
// (an order id may be long) and its day, `<hash>.<day>` joined by `_`, all base 36.
const IN_COOKIE = 20;
// A bound on what localStorage and IndexedDB keep, however many orders a browser places.
const MOST = 500;

// cyrb53: 53 bits, so a false match among the cookie's claims is ~1e-14 per order.
const hash = (text: string): string => {
  let a = 0xdeadbeef;
  let b = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 2654435761);
    b = Math.imul(b ^ c, 1597334677);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return (2 ** 32 * (b & 2097151) + (a >>> 0)).toString(36);
};

/** Claims older than `from` go, anything that is not a claim too, then the oldest beyond `MOST`. */
const prune = (claims: Box<number>, from: number) => {
  for (const id in claims) if (!(claims[id] >= from)) delete claims[id];
  Object.keys(claims)
    .sort((x, y) => claims[y] - claims[x])
    .slice(MOST)
    .forEach((id) => delete claims[id]);
};

// This page's claims, and those IndexedDB held when it was read: the layer nothing synchronous can reach.
const known: Box<number> = box();

/** Reads the claims IndexedDB keeps, so that later claims on this page know them. Never rejects. */
export const loadOrders = (keepDays: number): Promise<void> =>
  kvGet<Box<number>>('orders').then(
    (stored) => {
      const claims = box(stored);
      prune(claims, Date.now() - keepDays * DAY);
      Object.assign(known, claims);
    },
    () => {},
  );

/**
 * True the first time this browser sees `orderId`, false after; an order is forgotten after
 * `keepDays`. The claim is kept in every layer: localStorage (shared by the origin's tabs, one
 * synchronous read-modify-write, so two tabs cannot both win), the cookie (every subdomain, and a
 * browser whose localStorage is cleared or blocked) and IndexedDB. Synchronous whenever the cookie
 * or localStorage could keep the claim: `convert` must hand its event to the outbox before the page
 * can unload. Only when neither can does it wait for IndexedDB's answer.
 */
export const claimOrder = (orderId: string, keepDays: number, domain?: string): boolean | Promise<boolean> => {
  const now = Date.now();
  const from = now - keepDays * DAY;
  const day = Math.floor(now / DAY);
  const mark = hash(orderId);
  let first = !(known[orderId] >= from);
  if (first) known[orderId] = now;
  const kept = local<number>('orders', (seen) => {
    prune(seen, from);
    first &&= !seen[orderId];
    seen[orderId] ||= now;
  });
  // A hostile or damaged cookie only loses its malformed entries.
  const inCookie = () =>
    (readCookie(ORDERS) || '')
      .split('_')
      .map((entry) => entry.split('.'))
      .filter(([h, d]) => /^[\da-z]{1,11}$/.test(h) && parseInt(d, 36) >= from / DAY - 1);
  const claims = inCookie();
  if (claims.some(([h]) => h == mark)) first = false;
  else claims.push([mark, day.toString(36)]);
  writeCookie(ORDERS, claims.slice(-IN_COOKIE).map((c) => c.join('.')).join('_'), keepDays, domain);
  // Recorded for the next pages in any case; `before` is a claim an earlier page made.
  let before: number | undefined;
  const stored = kvUpdate<Box<number>>('orders', (old) => {
    const claims = box(old);
    prune(claims, from);
    before = claims[orderId];
    claims[orderId] ||= now;
    return claims;
  }).then(
    () => first && !before,
    () => first,
  );
  return first && !kept && !inCookie().some(([h]) => h == mark) ? stored : first;
};
