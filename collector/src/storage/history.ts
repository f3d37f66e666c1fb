import type { History } from '../rules/fraud/index.js';
import type { Queryable } from './database.js';

const count = async (tx: Queryable, text: string, params: unknown[]) => Number((await tx.query<{ n: number }>(text, params))[0]?.n ?? 0);

/** The fraud rules' questions, answered in the ingest's own transaction (so a batch sees itself). */
export const history = (tx: Queryable): History => ({
  clicks: (ref, client, from, to) =>
    count(tx, `SELECT count(*)::int AS n FROM events WHERE type = 'click' AND ref = $1 AND client = $2 AND at BETWEEN $3 AND $4`, [ref, client, from, to]),
  // An order delivered twice (another browser, a retry under a new id) counts once.
  orders: (anonymousId, userId, from, to, except) =>
    count(
      tx,
      `SELECT count(DISTINCT coalesce(body->'conversion'->>'orderId', id))::int AS n FROM events
       WHERE type = 'conversion' AND (anonymous_id = $1 OR user_id = $2) AND at BETWEEN $3 AND $4
         AND coalesce(body->'conversion'->>'orderId', id) <> $5`,
      [anonymousId, userId ?? null, from, to, except],
    ),
  async identities(anonymousId) {
    const rows = await tx.query<{ user_id: string | null; email_hash: string | null }>(
      `SELECT user_id, lower(body->'traits'->>'emailHash') AS email_hash FROM events WHERE type = 'identify' AND anonymous_id = $1`,
      [anonymousId],
    );
    return {
      userIds: rows.flatMap((r) => (r.user_id ? [r.user_id] : [])),
      emailHashes: rows.flatMap((r) => (r.email_hash ? [r.email_hash] : [])),
    };
  },
});
