import { local } from './persist';

/**
 * True the first time this browser sees `orderId`, false after; an order is forgotten after
 * `keepDays`. Synchronous on purpose: `convert` must hand its event to the outbox before the page
 * can unload, so the claim cannot wait on IndexedDB. localStorage is shared by the origin's tabs
 * and every read-modify-write here is one synchronous step, so two tabs cannot both win.
 */
export const claimOrder = (orderId: string, keepDays: number): boolean => {
  const now = Date.now();
  let first = false;
  local<number>('orders', (seen) => {
    for (const id in seen) if (seen[id] < now - keepDays * 864e5) delete seen[id];
    first = !seen[orderId];
    seen[orderId] ||= now;
  });
  return first;
};
