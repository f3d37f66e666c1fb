import type { WireEvent } from 'reftrace';
import type { History } from '../rules/fraud/index.js';
import type { Queryable } from './database.js';

/** What the rules see of the delivery being stored: its events and who sent them. */
export interface Delivery {
  events: readonly WireEvent[];
  client?: string;
}

const orderKey = (e: WireEvent) => (e.type == 'conversion' && e.conversion.orderId) || e.id;

/**
 * The fraud rules' questions, answered from what is committed plus the delivery being stored
 * (a page that identifies and converts sends both in one batch). Counted by id, so a retried
 * delivery whose events are committed already counts them once.
 */
export const history = (db: Queryable, delivery: Delivery): History => ({
  async clicks(ref, client, from, to) {
    const rows = await db.query<{ id: string }>(
      `SELECT id FROM events WHERE type = 'click' AND NOT test AND ref = $1 AND client = $2 AND at BETWEEN $3 AND $4`,
      [ref, client, from, to],
    );
    const ids = new Set(rows.map((r) => r.id));
    if (delivery.client == client) for (const e of delivery.events) if (e.type == 'click' && e.touchpoint.ref == ref) ids.add(e.id);
    return ids.size;
  },
  // An order delivered twice (another browser, a retry under a new id) counts once.
  async orders(anonymousId, userId, from, to, except) {
    const rows = await db.query<{ k: string }>(
      `SELECT DISTINCT coalesce(body->'conversion'->>'orderId', id) AS k FROM events
       WHERE type = 'conversion' AND (anonymous_id = $1 OR user_id = $2) AND at BETWEEN $3 AND $4`,
      [anonymousId, userId ?? null, from, to],
    );
    const keys = new Set(rows.map((r) => r.k));
    for (const e of delivery.events) if (e.type == 'conversion' && (e.anonymousId == anonymousId || (userId && e.userId == userId))) keys.add(orderKey(e));
    keys.delete(except);
    return keys.size;
  },
  async identities(anonymousId) {
    const rows = await db.query<{ user_id: string | null; email_hash: string | null }>(
      `SELECT user_id, lower(body->'traits'->>'emailHash') AS email_hash FROM events WHERE type = 'identify' AND anonymous_id = $1`,
      [anonymousId],
    );
    for (const e of delivery.events)
      if (e.type == 'identify' && e.anonymousId == anonymousId) {
        const hash = e.traits?.emailHash;
        rows.push({ user_id: e.userId ?? null, email_hash: typeof hash == 'string' ? hash.toLowerCase() : null });
      }
    return {
      userIds: rows.flatMap((r) => (r.user_id ? [r.user_id] : [])),
      emailHashes: rows.flatMap((r) => (r.email_hash ? [r.email_hash] : [])),
    };
  },
});
