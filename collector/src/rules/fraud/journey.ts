import type { FraudRule, RuleSettings } from './rule.js';

interface Settings extends RuleSettings {
  /** `signed`: hold every credited conversion whose journey this server did not sign. Default: only tampered ones. */
  require: 'signed' | 'untampered';
}

/**
 * The journey is not verifiable: its server cookie carries a signature that matches no secret
 * (tampered), or, when the merchant requires it, it was not signed at all (`reftrace/server` with
 * a `secret` signs what it sets; a script-written cookie is only a claim).
 */
export const unverifiedJourney: FraudRule<Settings> = {
  name: 'journey_unverified',
  defaults: { enabled: true, reason: 'the journey cookie was tampered with, or is not signed by this server', require: 'untampered' },
  schema: { require: { enum: ['signed', 'untampered'] } },
  check({ award, journey }, { require }) {
    if (journey == 'tampered') return true;
    return require == 'signed' && award.ref != null && journey != 'signed' && journey != 'server';
  },
};
