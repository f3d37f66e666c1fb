import type { Attribution, Award, ConversionEvent, Touchpoint } from 'reftrace';
import { attribute, award, modelByName, readJourney, type VerifiedJourney } from 'reftrace/server';
import type { Rules } from '../rules/rules.js';

export interface Verdict {
  /** Recomputed from the event's touchpoints: analytics credit, and the award that pays. */
  attribution: Attribution | null;
  award: Award;
  /** `award_mismatch` (the browser claimed another winner), `attribution_mismatch`, `unverifiable` (the claimed model is unknown here). */
  flags: string[];
  /** What the browser claimed, kept only when it differs. */
  claimed: { attribution: Attribution; award: Award } | null;
}

const sameAward = (a: Award, b: Award) => a.ref === b.ref && a.touchpointId === b.touchpointId && a.policy === b.policy;

const sameAttribution = (a: Attribution, b: Attribution) =>
  a.model === b.model &&
  a.unattributed === b.unattributed &&
  a.credits.length == b.credits.length &&
  a.credits.every((c, i) => c.touchpointId === b.credits[i].touchpointId && c.ref === b.credits[i].ref && c.amount === b.credits[i].amount);

/**
 * Re-runs the SDK's own attribution and award on the touchpoints the browser sent, with the
 * merchant's configured model and award rules (the rules file's `attribution`), on the device's
 * clock (the touchpoints' times are on it too). The recomputed award is what pays.
 *
 * `held`: a server conversion by referral id carries no touchpoints; it is credited over the
 * journey this collector holds for its visitor instead, and its claim (over nothing) is not
 * compared.
 */
export const verify = (event: ConversionEvent, rules: Rules, held?: Touchpoint[]): Verdict => {
  const touchpoints = held ?? event.touchpoints;
  const { model, windowDays, halfLifeDays, first, last, award: awardOptions = {} } = rules.attribution;
  // The browser's own signals, so an award that refuses them (`excludeFlags: ['automated']`) is recomputed alike.
  const facts = { ts: event.ts, amount: event.conversion.amount, type: event.conversion.type, coupon: event.conversion.coupon, signals: event.signals };
  const flags: string[] = [];
  const paid = award(touchpoints, facts, { windowDays, ...awardOptions });
  let credit: Attribution | null = null;
  try {
    const chosen = modelByName(model ?? event.attribution.model, { halfLifeDays, first, last });
    credit = attribute(touchpoints, facts, { model: chosen, windowDays });
  } catch {
    // A model this collector does not know (score_weighted, a custom one): its credit cannot be checked.
    flags.push('unverifiable');
  }
  if (!held && !sameAward(paid, event.award)) flags.push('award_mismatch');
  if (!held && credit && !sameAttribution(credit, event.attribution)) flags.push('attribution_mismatch');
  const differs = flags.some((f) => f.endsWith('_mismatch'));
  return { attribution: credit, award: paid, flags, claimed: differs ? { attribution: event.attribution, award: event.award } : null };
};

/** The server-set cookie's name (`reftrace/server`'s journey cookie). */
const SERVER_COOKIE = '_reftrace_s=';

/**
 * Where a conversion's journey comes from: `server` when an authenticated backend sent it,
 * `server_cookie` when the request carried the merchant's server-set cookie and its journey
 * holds the awarded touch, else `browser` (a claim the visitor controls).
 */
export const journeySource = (awarded: Award, meta: { trusted?: boolean; cookie?: string }, now: number): string => {
  if (meta.trusted) return 'server';
  const serverPairs = (meta.cookie ?? '').split(/;\s*/).filter((pair) => pair.startsWith(SERVER_COOKIE));
  const journey = serverPairs.length ? readJourney(serverPairs.join('; '), { now, windowDays: 3650 }) : undefined;
  return awarded.touchpointId && journey?.touchpoints.some((t) => t.id == awarded.touchpointId) ? 'server_cookie' : 'browser';
};

/**
 * What a conversion's journey rests on, when the collector knows the journey cookie's secret
 * (`trust`, the delivery's cookie read with it): `server` from an authenticated backend; `signed`
 * when this server signed the journey and it holds the awarded touch; `tampered` when the
 * server cookie's signature matches no secret; else `unverified` (a claim the visitor controls).
 * Without a secret, `journeySource`'s answer.
 */
export const journeyKind = (awarded: Award, meta: { trusted?: boolean; cookie?: string }, trust: VerifiedJourney | undefined, now: number): string => {
  if (meta.trusted || !trust) return journeySource(awarded, meta, now);
  if (trust.trust == 'tampered') return 'tampered';
  return trust.trust == 'signed' && awarded.touchpointId && trust.journey?.touchpoints.some((t) => t.id == awarded.touchpointId && t.ref == awarded.ref) ? 'signed' : 'unverified';
};
