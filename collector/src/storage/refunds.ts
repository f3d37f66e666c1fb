import { shareOf } from '../rules/round.js';
import type { Database } from './database.js';

export type RefundOutcome =
  | { ok: true; conversionId: string; orderId: string; refunded: number; totalRefunded: number; amount: number; currency: string | null;
      reversed: number; totalReversed: number; commission: number; commissionCurrency: string | null; ref: string | null }
  | { ok: false; status: 404 | 409; error: string };

/**
 * Refunds `amount` (minor units; default: all that is left) of the order's conversion, the one
 * that earned (not its duplicates), and reverses the matching share of its commission. The
 * reversal is recomputed from the running refund total (`commission × refunded / amount`,
 * rounded half-even), so partial refunds that add up to the whole reverse exactly the whole.
 * The row is locked, so concurrent refunds of one order add up instead of overwriting.
 */
export const refund = (db: Database, orderId: string, amount: number | undefined, now: number) =>
  db.transaction(async (tx): Promise<RefundOutcome> => {
    const [c] = await tx.query(`SELECT * FROM conversions WHERE order_key = $1 FOR UPDATE`, [orderId]);
    if (!c) return { ok: false, status: 404, error: `no conversion with orderId "${orderId}"` };
    const left = c.amount - c.refunded;
    const refunded = amount ?? left;
    if (left <= 0 && c.amount > 0) return { ok: false, status: 409, error: `order "${orderId}" is already refunded in full` };
    if (refunded > left) return { ok: false, status: 409, error: `refund of ${refunded} exceeds the ${left} left to refund on order "${orderId}"` };
    const totalRefunded = c.refunded + refunded;
    // A zero-amount conversion (a lead) has no share to take: refunding it reverses it all.
    const totalReversed = c.amount > 0 ? shareOf(c.commission, totalRefunded, c.amount) : c.commission;
    const reversed = totalReversed - c.reversed;
    await tx.query(`UPDATE conversions SET refunded = $2, reversed = $3 WHERE event_id = $1`, [c.event_id, totalRefunded, totalReversed]);
    await tx.query(`INSERT INTO refunds (conversion_id, order_id, amount, reversed, at) VALUES ($1, $2, $3, $4, $5)`, [
      c.event_id,
      orderId,
      refunded,
      reversed,
      now,
    ]);
    return {
      ok: true,
      conversionId: c.event_id,
      orderId,
      refunded,
      totalRefunded,
      amount: c.amount,
      currency: c.currency,
      reversed,
      totalReversed,
      commission: c.commission,
      commissionCurrency: c.commission_currency,
      ref: c.ref,
    };
  });
