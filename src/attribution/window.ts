import type { Touchpoint } from '../types';

/**
 * Touches inside the lookback window, `conversionTs - windowDays` to `conversionTs`, both
 * ends inclusive, oldest first. Sort is stable, so equal timestamps keep recording order.
 * Shared by `attribute` and `award` so both agree on what "in the window" means.
 */
export const eligible = (touchpoints: readonly Touchpoint[], conversionTs: number, windowDays = 30): Touchpoint[] =>
  touchpoints
    .filter((t) => t.ts <= conversionTs && t.ts >= conversionTs - windowDays * 864e5)
    .sort((a, b) => a.ts - b.ts);
