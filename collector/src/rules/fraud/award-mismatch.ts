import type { FraudRule } from './rule.js';

/**
 * The browser claimed another winner than the collector recomputes from the same touchpoints
 * with the merchant's rules: an old SDK, a misconfigured page, or an edited event. The
 * recomputed award is what pays either way; this holds it until someone looks.
 */
export const awardMismatch: FraudRule = {
  name: 'award_mismatch',
  defaults: { enabled: true, reason: "the browser's award differs from the recomputed one" },
  check: ({ flags }) => flags.includes('award_mismatch'),
};
