import type { Database } from './database.js';

export type Decision = 'approve' | 'reject';

export type ReviewOutcome = { ok: true; id: string; status: 'approved' | 'rejected' } | { ok: false; status: 404 | 409; error: string };

/**
 * A reviewer's decision on a held conversion: `approve` releases its commission (still subject
 * to the hold period and to refunds), `reject` takes it out of every payout. Only a conversion
 * under review can be decided; deciding twice is a 409, so two reviewers cannot both act.
 */
export const decide = async (db: Database, id: string, decision: Decision, note: string | undefined, now: number): Promise<ReviewOutcome> => {
  const status = decision == 'approve' ? 'approved' : 'rejected';
  const updated = await db.query<{ event_id: string }>(
    `UPDATE conversions SET status = $2, reviewed_at = $3, review_note = $4 WHERE event_id = $1 AND status = 'review' RETURNING event_id`,
    [id, status, now, note ?? null],
  );
  if (updated.length) return { ok: true, id, status };
  const found = await db.query<{ status: string }>(`SELECT status FROM conversions WHERE event_id = $1`, [id]);
  return found.length
    ? { ok: false, status: 409, error: `conversion ${id} is not held for review (status ${found[0].status})` }
    : { ok: false, status: 404, error: `no conversion ${id}` };
};
