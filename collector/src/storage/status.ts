/**
 * A conversion's status as the API reports it, from the stored one and the clock (`$1`, now):
 * `duplicate`; `test` (a test event, never paid); `rejected` (by a reviewer); `reversed` (refunded in full); `pending` (held for
 * review, or inside its hold period); else `approved`. One SQL expression, so every report
 * agrees.
 */
export const STATUS_SQL = `CASE
  WHEN status = 'duplicate' THEN 'duplicate'
  WHEN status = 'test' THEN 'test'
  WHEN status = 'rejected' THEN 'rejected'
  WHEN refunded > 0 AND refunded >= amount THEN 'reversed'
  WHEN status = 'review' OR hold_until > $1 THEN 'pending'
  ELSE 'approved' END`;

export const STATUSES = ['approved', 'pending', 'reversed', 'duplicate', 'rejected', 'test'] as const;
export type Status = (typeof STATUSES)[number];
