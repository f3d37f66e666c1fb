import type { Signals } from 'reftrace';
import type { FraudRule, RuleSettings } from './rule.js';

interface Settings extends RuleSettings {
  /** Signals that hold a conversion when the conversion or its credited touch carries them. */
  signals: string[];
}

/**
 * What the browser itself said (docs/fraud.md): by default, a browser driven by automation
 * (`navigator.webdriver`) and a credited landing inside another site's frame are held.
 */
export const browserSignals: FraudRule<Settings> = {
  name: 'browser_signals',
  defaults: { enabled: true, reason: 'the browser reported automation or a framed landing', signals: ['automated', 'framed'] },
  schema: { signals: { type: 'array', items: { enum: ['automated', 'framed', 'hidden', 'inactive'] } } },
  check({ event, award }, { signals }) {
    const credited = event.touchpoints.find((t) => t.id == award.touchpointId);
    const has = (s?: Signals) => signals.some((name) => s?.[name as keyof Signals] === true);
    return has(event.signals) || has(credited?.signals);
  },
};
