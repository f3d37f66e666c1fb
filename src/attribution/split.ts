import { fail } from './fail';

/** Amounts are integer minor units; anything else would make the split inexact. */
export const safe = (amount: number): number =>
  Number.isSafeInteger(amount) ? amount : fail('amount must be a safe integer, got ' + amount);

/**
 * Validates raw weights (`n` finite values >= 0, positive sum) and scales them to sum to 1.
 * Dividing by the max first keeps huge weights (1e300 each) from overflowing the sum.
 */
export const normalise = (weights: readonly number[], n: number, name: string): number[] => {
  const max = Math.max(...weights);
  if (weights.length != n || !(max > 0 && max < 1 / 0) || weights.some((w) => !(w >= 0)))
    fail(`model ${name} must return ${n} finite weights >= 0 with a positive sum`);
  const sum = weights.reduce((s, w) => s + w / max, 0);
  return weights.map((w) => w / max / sum);
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
  // w <= 1, so each quota is <= abs and the floors are safe integers.
  const quota = normalise(weights, n, 'splitAmount').map((w) => abs * w);
  const parts = quota.map(Math.floor);
  const order = parts.map((_, i) => i).sort((i, j) => quota[j] - parts[j] - quota[i] + parts[i] || i - j);
  // Subtracting one part at a time keeps every intermediate a safe integer, so `left` is
  // exact; float quotas can make the floors overshoot or undershoot by a few units, and
  // the loop below corrects either way (taking back only from parts above zero).
  let left = parts.reduce((l, p) => l - p, abs);
  for (let k = 0; left; k++) {
    const i = order[left > 0 ? k % n : n - 1 - (k % n)];
    if (left > 0) parts[i]++, left--;
    else if (parts[i]) parts[i]--, left++;
  }
  return parts.map((p) => (total < 0 ? 0 - p : p));
};
