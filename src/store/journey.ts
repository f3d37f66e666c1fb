import type { Journey, Touchpoint } from '../types';

const DAY = 864e5;

/** How many touchpoints a journey keeps; the oldest go first. */
export const MAX_TOUCHPOINTS = 50;

/**
 * The touchpoints inside the window at `now`. A touch later than `now` was captured on a clock
 * that ran ahead and has since been corrected: it happened, so it is brought back to `now` rather
 * than left out of every attribution until the clock catches up.
 */
export const inWindow = (touchpoints: Touchpoint[], now: number, windowDays: number): Touchpoint[] =>
  touchpoints.filter((t) => t.ts >= now - windowDays * DAY).map((t) => (t.ts > now ? { ...t, ts: now } : t));

/**
 * Merges journeys read from several storage layers into one: the union of their touchpoints
 * (by id), oldest first, inside the window (see `inWindow`) and capped. The first journey's
 * identity wins, so callers pass the layer shared by every subdomain (the cookie) first.
 */
export const mergeJourneys = (journeys: (Journey | undefined)[], now: number, windowDays: number): Journey | undefined => {
  const found = journeys.filter(Boolean) as Journey[];
  if (!found.length) return;
  const byId = new Map<string, Touchpoint>();
  for (const j of found) for (const t of j.touchpoints) byId.set(t.id, t);
  const touchpoints = inWindow([...byId.values()], now, windowDays)
    .sort((a, b) => a.ts - b.ts)
    .slice(-MAX_TOUCHPOINTS);
  const userId = found.find((j) => j.userId)?.userId;
  // One layer's test mark makes the journey a test: a test link, once followed, holds everywhere.
  return { anonymousId: found[0].anonymousId, ...(userId && { userId }), touchpoints, ...(found.some((j) => j.test) && { test: true }) };
};
