import { nanoid } from 'nanoid';
import { readLanding } from '../capture/landing';
import { continuesVisit, visitKey } from '../capture/visit';
import { MAX_TOUCHPOINTS } from '../store/journey';
import type { Session } from '../store/session';
import type { Touchpoint } from '../types';

/** A landing of this page: its load or a route change of the app. */
interface Seen {
  href: string;
  referrer: string;
  ts: number;
  page: string;
  id: string;
  /** It made a touch when first seen (whose click may be waiting to be sent). */
  touched?: 1;
}

export interface PageTouches {
  /** Captures a landing; a new touch joins the journey. Returns it, or nothing for no new touch. */
  see(href: string, referrer: string): Touchpoint | undefined;
  /**
   * Storage is open: decides again every landing seen before it was, now with the registrable
   * domain and against the stored journey (a reload of the landing is then the same visit).
   * Touches it drops keep their id out of the journey; new ones go to `touched`.
   */
  replay(): void;
  forget(): void;
}

/**
 * The touches this page makes. Until storage may be read (consent pending, or before the
 * script's deferred start) a landing can only be judged against this page's memory and a guess
 * of the site, so it is kept and judged again by `replay` once storage opens: nothing is stored
 * or sent before then.
 */
export const pageTouches = (
  session: Session,
  params: string[],
  site: () => string,
  touched: (touchpoint: Touchpoint, page: string) => void,
  log: (...args: unknown[]) => void,
): PageTouches => {
  let early: Seen[] = [];
  let keys = new Set<string>();

  const decide = (seen: Seen, again?: 1) => {
    const { landing, rejected } = readLanding(seen.href, seen.referrer, params, site());
    if (rejected && !again) log('not a referral code, ignored:', rejected);
    if (!landing) return;
    const key = visitKey(landing);
    const journey = session.journey;
    if (keys.has(key) || continuesVisit(journey.touchpoints, landing, seen.ts)) return;
    keys.add(key);
    const touchpoint: Touchpoint = { id: seen.id, ts: seen.ts, ...landing };
    journey.touchpoints = [...journey.touchpoints, touchpoint].slice(-MAX_TOUCHPOINTS);
    return touchpoint;
  };

  return {
    see(href, referrer) {
      // Another tab's touch of the same visit makes this one its continuation.
      session.refresh();
      const seen: Seen = { href, referrer, ts: Date.now(), page: location.pathname, id: nanoid() };
      if (!session.opened) early.push(seen);
      const touchpoint = decide(seen);
      if (touchpoint) (seen.touched = 1), touched(touchpoint, seen.page);
      return touchpoint;
    },
    replay() {
      const journey = session.journey;
      const ids = new Set(early.map((s) => s.id));
      journey.touchpoints = journey.touchpoints.filter((t) => !ids.has(t.id));
      keys = new Set();
      for (const seen of early.splice(0)) {
        const touchpoint = decide(seen, 1);
        if (touchpoint && !seen.touched) touched(touchpoint, seen.page);
      }
    },
    forget() {
      early = [];
      keys = new Set();
    },
  };
};
