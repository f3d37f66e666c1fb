import type { Touchpoint } from '../types';
import type { Landing } from './landing';

// A reload or a return within this time to the same landing is the same visit, not a new touch.
const VISIT = 18e5;
// A landing's tracking parameters: they and the referring site make a visit, not the path, so a
// site or an app router that keeps `?ref=` on every page does not turn one click into many.
const tracking = (t: { landing: string }) => t.landing.split('?')[1];

/** What makes two landings of one page the same visit: their tracking parameters and referrer. */
export const visitKey = (landing: Landing): string => tracking(landing) + ' ' + landing.referrer;

/**
 * Whether `landing`, seen at `ts`, continues the journey's last visit instead of being a new
 * touch: the same tracking parameters within 30 minutes, from the same referrer or from none (a
 * page reached from the shop itself has no referrer of its own).
 */
export const continuesVisit = (touchpoints: Touchpoint[], landing: Landing, ts: number): boolean => {
  const last = touchpoints[touchpoints.length - 1];
  return !!last && tracking(last) == tracking(landing) && (!landing.referrer || landing.referrer == last.referrer) && ts - last.ts < VISIT;
};

/**
 * A click flood's defence: one touch per partner link per visit, however often it is clicked. The
 * partner's sub-ids are part of the link (another video, another newsletter is another touch).
 */
export const samePartnerVisit = (touchpoints: Touchpoint[], landing: Landing, ts: number): boolean =>
  !!landing.ref && touchpoints.some((t) => t.ref == landing.ref && JSON.stringify(t.subIds) == JSON.stringify(landing.subIds) && ts - t.ts < VISIT);
