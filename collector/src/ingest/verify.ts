import type { Attribution, Award, ConversionEvent } from 'reftrace';
import { attribute, award, modelByName, readJourney } from 'reftrace/server';
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
 */
export const verify = (event: ConversionEvent, rules: Rules): Verdict => {
  const { model, windowDays, halfLifeDays, first, last, award: awardOptions = {} } = rules.attribution;
  const facts = { ts: event.ts, amount: event.conversion.amount, type: event.conversion.type, coupon: event.conversion.coupon };
  const flags: string[] = [];
  const paid = award(event.touchpoints, facts, { windowDays, ...awardOptions });
  let credit: Attribution | null = null;
  try {
    const chosen = modelByName(model ?? event.attribution.model, { halfLifeDays, first, last });
    credit = attribute(event.touchpoints, facts, { model: chosen, windowDays });
  } catch {
    // A model this collector does not know (score_weighted, a custom one): its credit cannot be checked.
    flags.push('unverifiable');
  }
  if (!sameAward(paid, event.award)) flags.push('award_mismatch');
  if (credit && !sameAttribution(credit, event.attribution)) flags.push('attribution_mismatch');
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
