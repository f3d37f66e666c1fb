import { persist } from './persist';

/**
 * True the first time this browser sees `orderId`, false after: the set lives in IndexedDB (one
 * transaction per claim, so two tabs cannot both win) and forgets an order after `keepDays`.
 */
export const claimOrder = async (orderId: string, keepDays: number): Promise<boolean> => {
  const now = Date.now();
  let first = false;
  await persist<number>('orders', (seen) => {
    for (const id in seen) if (seen[id] < now - keepDays * 864e5) delete seen[id];
    first = !seen[orderId];
    seen[orderId] ||= now;
  });
  return first;
};
