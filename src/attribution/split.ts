import { fail } from './fail';

/** Amounts are integer minor units; anything else would make the split inexact. */
export const safe = (amount: number): number =>
  Number.isSafeInteger(amount) ? amount : fail('amount not a safe integer: ' + amount);

/** Checks raw weights (`n` values >= 0 with a positive finite sum) and scales them to sum to 1. */
export const normalise = (weights: readonly number[], n: number, name: string): number[] => {
  const sum = weights.reduce((s, w) => s + w, 0);
  // With every weight >= 0, a finite sum means every weight is finite; NaN fails both tests.
  if (!(weights.length == n && sum > 0 && sum < 1 / 0 && Math.min(...weights) >= 0)) fail('bad weights from ' + name);
  return weights.map((w) => w / sum);
};

/**
 * Splits `total` minor units in proportion to `weights` by largest remainder: every part is
 * floor(|total| * w), the leftover units go to the largest fractional parts, ties to the
 * earlier index. A negative total (refund) is split on its absolute value, then negated.
 * Parts always sum exactly to `total` and are never negative for a non-negative total.
 */
export const splitAmount = (total: number, weights: readonly number[]): number[] => {
  const abs = Math.abs(safe(total));
  const n = weights.length;
  // w / sum <= 1 for w >= 0, so each quota is <= abs and every floor is a safe integer.
  const quota = normalise(weights, n, 'splitAmount').map((w) => abs * w);
  const parts = quota.map(Math.floor);
  // Array sort is stable: equal fractions keep index order, so ties go to the earlier touch.
  const order = [...parts.keys()].sort((i, j) => (quota[j] % 1) - (quota[i] % 1));
  // Subtracting one part at a time keeps every intermediate a safe integer, so `left` is
  // exact. Float quotas can leave the floors a few units short or over; the loop hands out
  // or takes back single units (never below 0) until the sum is exact.
  let left = parts.reduce((l, p) => l - p, abs);
  for (let k = 0, i, d; left; k++) (i = order[k % n]), (d = left > 0 ? 1 : -(parts[i] > 0)), (parts[i] += d), (left -= d);
  // `0 - p` rather than `-p`: a refund must not produce -0 credits.
  return parts.map((p) => (total < 0 ? 0 - p : p));
};
