import type { FraudRule, RuleSettings } from './rule.js';

interface Settings extends RuleSettings {
  minSeconds: number;
}

/**
 * A conversion too soon after the credited click for a person to have shopped: a script that
 * lands and converts, or a click injected just before checkout. Measured on the device's clock,
 * where both times were taken, from the touch the recomputed award credits.
 */
export const tooFast: FraudRule<Settings> = {
  name: 'too_fast',
  defaults: { enabled: true, reason: 'converted too soon after the credited click', minSeconds: 10 },
  schema: { minSeconds: { type: 'number', minimum: 0 } },
  check({ event, award }, { minSeconds }) {
    const click = event.touchpoints.find((t) => t.id == award.touchpointId);
    return !!click && event.ts - click.ts < minSeconds * 1000;
  },
};
