/** What eviction needs to know about a queued entry: its event and its size in bytes. */
export interface Sized {
  e: { type: string; ts: number };
  s: number;
}

/**
 * The entries to drop so that at most `count` remain, weighing at most `bytes` together: oldest
 * non-conversions first, then (only if still over) oldest conversions, which earn money.
 * Sorts `entries` in place: the caller hands over a list of its own.
 */
export const evict = <T extends Sized>(entries: T[], count = 200, bytes = 262144): T[] => {
  let n = entries.length;
  let total = 0;
  entries.forEach((x) => (total += x.s));
  const conversion = (x: T) => +(x.e.type == 'conversion');
  return entries
    .sort((a, b) => conversion(a) - conversion(b) || a.e.ts - b.e.ts)
    .filter((x) => (n > count || total > bytes) && (n--, (total -= x.s), true));
};
