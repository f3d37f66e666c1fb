import type { Binding } from '../rules/recurring.js';
import type { Queryable } from './database.js';

export interface EventRow {
  id: string;
  type: string;
  anonymous_id: string;
  user_id: string | null;
  ref: string | null;
  ts: number;
  sent_at: number | null;
  received_at: number;
  at: number;
  via: string;
  /** A keyed hash of the sender's address and user agent (`clientHash`), when known. */
  client?: string | null;
  /** A test event (`test: true`): counted apart, never paid. */
  test?: boolean;
  body: unknown;
}

export interface ConversionRow {
  event_id: string;
  order_id: string | null;
  type: string;
  amount: number;
  currency: string | null;
  ref: string | null;
  user_id: string | null;
  anonymous_id: string;
  at: number;
  commission: number;
  commission_currency: string | null;
  rule: string;
  status: string;
  hold_until: number | null;
  flags: string[];
  attribution: unknown;
  award: unknown;
  claimed: unknown;
  journey: string;
  /** Why the fraud rules hold it (status `review`): `[{ rule, reason }]`. */
  reasons: { rule: string; reason: string }[];
}

/** A customer bound to a partner: by a lead (provisional) or by their first paid sale (recurring commissions). */
export interface BindingRow {
  user_id: string;
  ref: string;
  bound_at: number;
  event_id: string;
  kind: 'lead' | 'sale';
}

export interface RejectedRow {
  received_at: number;
  event_id: string | null;
  reason: string;
  body: string;
}

export interface Batch {
  events: EventRow[];
  /** The conversions among `events`; only those of events new to the database are stored. */
  conversions: ConversionRow[];
  /** Candidate bindings; taken only when their conversion is stored as the order's own. */
  bindings: BindingRow[];
  rejected: RejectedRow[];
}

export interface Written {
  /** Ids of the events stored now (the others were stored before: retries, beacons). */
  fresh: Set<string>;
  /** Ids of the conversions stored as duplicates of an order that already converted. */
  duplicateOrders: Set<string>;
}

/**
 * Rows travel as JSON parameters expanded by `jsonb_to_recordset`: the same statement whatever
 * the batch size, identical on PGlite and on a server. Sorting by key makes concurrent batches
 * lock the same rows in the same order, so retries of one batch do not deadlock each other.
 */
const rows = <T>(list: T[], key: keyof T) => JSON.stringify([...list].sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : 1)));

const CONVERSION_COLUMNS = `event_id, order_id, order_key, type, amount, currency, ref, user_id, anonymous_id, at, commission,
  commission_currency, rule, status, hold_until, flags, attribution, award, claimed, journey, reasons`;
const CONVERSION_RECORD = `x(event_id text, order_id text, type text, amount bigint, currency text, ref text,
  user_id text, anonymous_id text, at bigint, commission bigint, commission_currency text, rule text, status text,
  hold_until bigint, flags jsonb, attribution jsonb, award jsonb, claimed jsonb, journey text, reasons jsonb)`;

/**
 * Writes a whole delivery in one statement, so one round trip and one implicit transaction:
 *
 * - events insert on their primary key, `ON CONFLICT DO NOTHING`: a retried event is absorbed;
 * - conversions of the new events take their order's `order_key` (unique), and one whose order
 *   is taken already (by an earlier delivery, another browser, another collector process, or
 *   earlier in this one) is stored as a `duplicate` that earns nothing;
 * - test conversions never take their order's key (a test order must not block the real one);
 * - customers bind to the partner of a conversion that was stored as its order's own: a lead
 *   binds until a first sale replaces it, a first sale binds for good;
 * - rejected events are recorded.
 */
export const writeBatch = async (db: Queryable, { events, conversions, bindings, rejected }: Batch): Promise<Written> => {
  const result = await db.query<{ kind: string; id: string }>(
    `WITH ev AS (
       INSERT INTO events (id, type, anonymous_id, user_id, ref, ts, sent_at, received_at, at, via, client, test, body)
       SELECT id, type, anonymous_id, user_id, ref, ts, sent_at, received_at, at, via, client, coalesce(test, false), body
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, type text, anonymous_id text, user_id text, ref text,
         ts bigint, sent_at bigint, received_at bigint, at bigint, via text, client text, test boolean, body jsonb)
       ON CONFLICT (id) DO NOTHING
       RETURNING id
     ), paid AS (
       INSERT INTO conversions (${CONVERSION_COLUMNS})
       SELECT event_id, order_id, CASE WHEN status = 'test' THEN NULL ELSE order_id END, type, amount, currency, ref, user_id, anonymous_id, at, commission,
         commission_currency, rule, status, hold_until, flags, attribution, award, claimed, journey, reasons
       FROM jsonb_to_recordset($2::jsonb) AS ${CONVERSION_RECORD}
       WHERE event_id IN (SELECT id FROM ev)
       ON CONFLICT DO NOTHING
       RETURNING event_id
     ), duplicate AS (
       INSERT INTO conversions (${CONVERSION_COLUMNS})
       SELECT event_id, order_id, NULL, type, amount, currency, ref, user_id, anonymous_id, at, 0,
         commission_currency, rule, 'duplicate', NULL, flags || '["duplicate_order"]'::jsonb, attribution, award, claimed, journey, reasons
       FROM jsonb_to_recordset($2::jsonb) AS ${CONVERSION_RECORD}
       WHERE event_id IN (SELECT id FROM ev) AND event_id NOT IN (SELECT event_id FROM paid)
       RETURNING event_id
     ), bound AS (
       INSERT INTO customers (user_id, ref, bound_at, event_id, kind)
       SELECT user_id, ref, bound_at, event_id, kind
       FROM jsonb_to_recordset($3::jsonb) AS x(user_id text, ref text, bound_at bigint, event_id text, kind text)
       WHERE event_id IN (SELECT event_id FROM paid)
       ON CONFLICT (user_id) DO UPDATE SET ref = EXCLUDED.ref, bound_at = EXCLUDED.bound_at, event_id = EXCLUDED.event_id, kind = 'sale'
       WHERE customers.kind = 'lead' AND EXCLUDED.kind = 'sale'
     ), refused AS (
       INSERT INTO rejected (received_at, event_id, reason, body)
       SELECT received_at, event_id, reason, body
       FROM jsonb_to_recordset($4::jsonb) AS x(received_at bigint, event_id text, reason text, body text)
     )
     SELECT 'event' AS kind, id FROM ev UNION ALL SELECT 'duplicate', event_id FROM duplicate`,
    [rows(events, 'id'), rows(conversions, 'order_id'), rows(bindings, 'user_id'), JSON.stringify(rejected)],
  );
  return {
    fresh: new Set(result.filter((r) => r.kind == 'event').map((r) => r.id)),
    duplicateOrders: new Set(result.filter((r) => r.kind == 'duplicate').map((r) => r.id)),
  };
};

/** The partner each of these customers is bound to, since when, and by what. */
export const boundPartners = async (db: Queryable, userIds: string[]): Promise<Map<string, Binding>> => {
  if (!userIds.length) return new Map();
  const found = await db.query<{ user_id: string; ref: string; bound_at: number; kind: Binding['kind'] }>(
    `SELECT user_id, ref, bound_at, kind FROM customers WHERE user_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(userIds)],
  );
  return new Map(found.map((r) => [r.user_id, { ref: r.ref, boundAt: r.bound_at, kind: r.kind }]));
};
