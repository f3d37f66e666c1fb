import type { Queryable } from '../../storage/database.js';
import type { RuleSettings } from './rule.js';

/**
 * Duplicate orders across browsers: the same order id converting in another browser, credited
 * to another partner, than the one that converted it first. The second is stored as a duplicate
 * and earns nothing (the ingest's order key); this rule also holds the first for review, since two
 * browsers crediting one order to two partners means one journey was planted. (The same partner
 * in both is a customer on two devices: nothing to hold.)
 */
export const duplicateOrder = {
  name: 'duplicate_order',
  defaults: { enabled: true, reason: 'the same order converted in another browser, for another partner' } as RuleSettings,

  /** Holds the earning conversion of each order that a duplicate from another browser just claimed. */
  async holdOriginals(tx: Queryable, duplicates: readonly { order_id: string | null; anonymous_id: string; ref: string | null }[], { enabled, reason }: RuleSettings) {
    const claims = duplicates.filter((d) => d.order_id != null);
    if (!enabled || !claims.length) return;
    await tx.query(
      `UPDATE conversions c SET status = 'review',
         reasons = c.reasons || jsonb_build_array(jsonb_build_object('rule', 'duplicate_order', 'reason', $2::text))
       FROM jsonb_to_recordset($1::jsonb) AS d(order_id text, anonymous_id text, ref text)
       WHERE c.order_key = d.order_id AND c.anonymous_id <> d.anonymous_id AND c.ref IS NOT NULL AND c.ref IS DISTINCT FROM d.ref AND c.status = 'approved'
         AND NOT c.reasons @> '[{"rule":"duplicate_order"}]'`,
      [JSON.stringify(claims.map(({ order_id, anonymous_id, ref }) => ({ order_id, anonymous_id, ref }))), reason],
    );
  },
};
