import { readCookie, writeCookie } from '../store/cookie';
import { kvUpdate } from '../store/kv';
import { box, local, type Box } from './persist';

/** The cookie that keeps the newest claims, for a browser whose localStorage is cleared or blocked. */
export const ORDERS = '_reftrace_o';

/*
 * The cookie rides on every request to the site: it keeps the newest 20 claims, each as a hash
 * (an order id may be long), joined by `_`, and lives `keepDays` from the newest. The hash is two
 * 32-bit multiplicative lanes: each step is a bijection, so two ids of one length that differ in
 * one character never collide, and any two others about once in 2^60.
 */
const hash = (text: string): string => {
  let a = 1;
  let b = 7;
  for (let i = 0; i < text.length; i++) (a = Math.imul(a ^ text.charCodeAt(i), 2654435761)), (b = Math.imul(b ^ text.charCodeAt(i), 1597334677));
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
};

/** Claims older than `from` go, and anything that is not a claim. */
const prune = (claims: Box<number>, from: number) => {
  for (const id in claims) if (!(claims[id] >= from)) delete claims[id];
};

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
  const from = now - keepDays * 864e5;
  const mark = hash(orderId);
  let first = true;
  const kept = local<number>('orders', (seen) => {
    prune(seen, from);
    first &&= !seen[orderId];
    seen[orderId] ||= now;
  });
  const marks = () => (readCookie(ORDERS) || '').split('_');
  // A hostile or damaged cookie loses its malformed entries.
  const claims = marks().filter((m) => /^\w+$/.test(m));
  if (claims.includes(mark)) first = false;
  else writeCookie(ORDERS, [...claims, mark].slice(-20).join('_'), keepDays, domain);
  // Recorded for the next pages in any case; `before` is the claim of an earlier page.
  let before: unknown;
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
  return first && !kept && !marks().includes(mark) ? stored : first;
};
