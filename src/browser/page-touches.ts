import { readLanding } from '../capture/landing';
import { landingSignals, recentClicks } from '../capture/signals';
import { continuesVisit, samePartnerVisit, visitKey } from '../capture/visit';
import { CAPTURED, FRAMED, NOTHING, SAME_VISIT, type Note } from '../debug/notes';
import { MAX_TOUCHPOINTS } from '../store/journey';
import type { Session } from '../store/session';
import type { SubIdKey, Touchpoint } from '../types';
import { nanoid } from 'nanoid';

/** Members carry the private prefix `_`, which the script tag's minifier shortens. */
export interface PageTouches {
  /** Captures a landing (`ts` and `page` given when judged again); a new touch joins the journey and is returned. */
  _see(href: string, referrer: string, ts?: number, page?: string): Touchpoint | undefined;
  /**
   * Storage is open: judges again every landing seen while it was closed, now with the
   * registrable domain and against the stored journey (a reload of the landing is then the same visit).
   */
  _replay(): void;
  _forget(): void;
}

/**
 * The touches this page makes: its landing, then the app's route changes. While storage is
 * closed (consent pending, or before the script's deferred start) a landing can only be judged
 * against this page's memory and a guess of the site: its touch is provisional, nothing is sent
 * for it, and it is judged again by `replay` once storage opens. `touched` hears of each touch
 * made with storage open (the click to send). Only that final judgement goes to the debug notes.
 */
export const pageTouches = (
  session: Session,
  { params, subParams, allowFramed }: { params: string[]; subParams?: Record<string, SubIdKey>; allowFramed?: boolean },
  site: () => string,
  touched: (touchpoint: Touchpoint, page: string) => void,
  note: Note,
): PageTouches => {
  let early: [string, string, number, string][] = [];
  let keys = new Set<string>();
  const see = (href: string, referrer: string, ts = Date.now(), page = location.pathname) => {
    // Another tab's touch of the same visit makes this one its continuation.
    session._refresh();
    const opened = session._opened;
    // The report reads the URL again for what capture refused (a code, sub-ids): not kept here.
    const say = (code: number, ...data: unknown[]) => opened && note(code, href, ...data);
    if (!opened) early.push([href, referrer, ts, page]);
    const { landing } = readLanding(href, referrer, params, site(), subParams);
    if (!landing) return void say(NOTHING);
    const signals = landingSignals(site());
    if (signals.framed && !allowFramed) return void say(FRAMED);
    const key = visitKey(landing);
    const journey = session._journey;
    if (keys.has(key) || continuesVisit(journey.touchpoints, landing, ts) || samePartnerVisit(journey.touchpoints, landing, ts))
      return void say(SAME_VISIT, landing, journey.touchpoints, ts);
    keys.add(key);
    const touchpoint: Touchpoint = { id: nanoid(), ts, ...landing };
    journey.touchpoints = [...journey.touchpoints, touchpoint].slice(-MAX_TOUCHPOINTS);
    const recent = recentClicks(journey.touchpoints, ts);
    if (recent) signals.recentClicks = recent;
    if (Object.keys(signals)[0]) touchpoint.signals = signals;
    if (opened) touched(touchpoint, page), say(CAPTURED, touchpoint);
    return touchpoint;
  };
  return {
    _see: see,
    _replay() {
      keys = new Set();
      for (const args of early.splice(0)) see(...args);
    },
    _forget() {
      early = [];
      keys = new Set();
    },
  };
};
