import type { FraudRule, RuleSettings } from './rule.js';

interface Settings extends RuleSettings {
  maxClicks: number;
  windowMinutes: number;
}

/**
 * Click flooding and click farms: more clicks for the credited partner from this client (its
 * address and user agent) than a person makes in the window. The browser sends at most 10 click
 * events an hour; a count beyond that came from somewhere that is not a browser running reftrace.
 */
export const clickFlood: FraudRule<Settings> = {
  name: 'click_flood',
  defaults: { enabled: true, reason: 'too many clicks for this partner from one address and browser', maxClicks: 20, windowMinutes: 60 },
  schema: { maxClicks: { type: 'integer', minimum: 1 }, windowMinutes: { type: 'number', exclusiveMinimum: 0 } },
  async check({ award, at, client }, { maxClicks, windowMinutes }, _, history) {
    if (award.ref == null || !client) return false;
    return (await history.clicks(award.ref, client, at - windowMinutes * 6e4, at)) > maxClicks;
  },
};
