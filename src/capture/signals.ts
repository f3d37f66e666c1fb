import type { Award, Signals, Touchpoint } from '../types';

/*
 * Fraud signals: facts about this visit that the browser states itself, never a fingerprint.
 * Each one is documented in docs/fraud.md with what it catches and what it cannot.
 */

/** Click events a visitor sends per hour at most: a flood of referral landings is recorded, not broadcast. */
export const CLICK_CAP = 10;

/** Partner touches from the hour before `now`: a visitor clicking link after link is a click farm's pattern. */
export const recentClicks = (touchpoints: readonly Touchpoint[], now: number): number =>
  touchpoints.filter((t) => t.ref && t.ts > now - 36e5 && t.ts <= now).length;

/**
 * Whether this page runs inside a frame of another site (a hidden iframe is how cookies are
 * stuffed); a frame of the same site, e.g. `www.` framing `checkout.`, is not. The top's origin
 * is the last ancestor origin, or where the browser has none (Firefox) the referrer the parent
 * sent; a frame whose top cannot be known counts as foreign.
 */
export const inForeignFrame = (site: string): boolean => {
  if (window == top) return false;
  const ancestors = location.ancestorOrigins;
  let host = '';
  try {
    host = new URL(ancestors?.[ancestors.length - 1] || document.referrer).hostname;
  } catch {}
  return host != site && !host.endsWith('.' + site);
};

/** What the page itself says when a touchpoint is captured. Only what is true is written. */
export const landingSignals = (site: string): Signals => {
  const doc = document as Document & { prerendering?: boolean };
  const nav = performance.getEntriesByType?.('navigation')[0] as { activationStart?: number } | undefined;
  const signals: Signals = {};
  if (navigator.webdriver) signals.automated = true;
  if (inForeignFrame(site)) signals.framed = true;
  // A background tab, a hidden window, or a prerender the visitor may never see.
  if (doc.visibilityState == 'hidden' || doc.prerendering || nav?.activationStart! > 0) signals.hidden = true;
  return signals;
};

/** The signals of a conversion: automation, user activation and recent clicks (the credited click's age joins once awarded). */
export const conversionSignals = (touchpoints: readonly Touchpoint[], ts: number): Signals => {
  const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation;
  const signals: Signals = { recentClicks: recentClicks(touchpoints, ts) };
  if (navigator.webdriver) signals.automated = true;
  // Unknown where the browser has no User Activation API: absent, not false.
  if (activation && !activation.hasBeenActive) signals.inactive = true;
  return signals;
};

/** Milliseconds from the awarded click to the conversion; `undefined` when nobody is awarded. */
export const clickAge = (touchpoints: readonly Touchpoint[], { touchpointId }: Award, ts: number): number | undefined => {
  const credited = touchpoints.find((t) => t.id == touchpointId);
  return credited && ts - credited.ts;
};
