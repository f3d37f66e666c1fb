const KEY = 'reftrace:orders';
const DAY = 864e5;
// Where localStorage is blocked, this page's memory keeps the claims.
let memory: Record<string, number> = {};

/**
 * True the first time this browser sees `orderId`, false after; an order is forgotten after
 * `keepDays`. Synchronous on purpose: `convert` must hand its event to the outbox before the page
 * can unload, so the claim cannot wait on IndexedDB. localStorage is shared by the origin's tabs
 * and every read-modify-write here is one synchronous step, so two tabs cannot both win.
 */
export const claimOrder = (orderId: string, keepDays: number): boolean => {
  const now = Date.now();
  let seen = memory;
  try {
    seen = { ...memory, ...JSON.parse(localStorage.getItem(KEY) || '{}') };
  } catch {}
  for (const id in seen) if (seen[id] < now - keepDays * DAY) delete seen[id];
  const first = !seen[orderId];
  seen[orderId] ||= now;
  try {
    localStorage.setItem(KEY, JSON.stringify(seen));
  } catch {
    memory = seen;
  }
  return first;
};
