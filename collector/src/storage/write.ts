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
}

export interface RejectedRow {
  received_at: number;
  event_id: string | null;
  reason: string;
  body: string;
}

/**
 * Rows travel as one JSON parameter expanded by `jsonb_to_recordset`: one statement per table
 * whatever the batch size, identical on PGlite and on a server. Sorting by key makes concurrent
 * batches lock the same rows in the same order, so retries of one batch cannot deadlock.
 */
const rows = <T>(list: T[], key: keyof T) => JSON.stringify([...list].sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : 1)));

/** Inserts events; returns the ids that are new (the others were stored before: retries, beacons). */
export const insertEvents = async (tx: Queryable, events: EventRow[]): Promise<Set<string>> => {
  if (!events.length) return new Set();
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO events (id, type, anonymous_id, user_id, ref, ts, sent_at, received_at, at, via, body)
     SELECT id, type, anonymous_id, user_id, ref, ts, sent_at, received_at, at, via, body
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, type text, anonymous_id text, user_id text, ref text,
       ts bigint, sent_at bigint, received_at bigint, at bigint, via text, body jsonb)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [rows(events, 'id')],
  );
  return new Set(inserted.map((r) => r.id));
};

const CONVERSION_COLUMNS = `event_id, order_id, order_key, type, amount, currency, ref, user_id, anonymous_id, at, commission,
  commission_currency, rule, status, hold_until, flags, attribution, award, claimed, journey`;
const CONVERSION_RECORD = `x(event_id text, order_id text, order_key text, type text, amount bigint, currency text, ref text,
  user_id text, anonymous_id text, at bigint, commission bigint, commission_currency text, rule text, status text,
  hold_until bigint, flags jsonb, attribution jsonb, award jsonb, claimed jsonb, journey text)`;

/**
 * Inserts conversions of new events. The first conversion of an order takes its `order_key`;
 * one whose order is already taken (by an earlier batch, another browser, another collector
 * process, or earlier in this batch) is stored as a `duplicate` that earns nothing. Returns the
 * event ids stored as duplicates.
 */
export const insertConversions = async (tx: Queryable, conversions: ConversionRow[]): Promise<Set<string>> => {
  if (!conversions.length) return new Set();
  const keyed = conversions.map((c) => ({ ...c, order_key: c.order_id }));
  const stored = await tx.query<{ event_id: string }>(
    `INSERT INTO conversions (${CONVERSION_COLUMNS})
     SELECT ${CONVERSION_COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS ${CONVERSION_RECORD}
     ON CONFLICT DO NOTHING
     RETURNING event_id`,
    [rows(keyed, 'order_key')],
  );
  const done = new Set(stored.map((r) => r.event_id));
  const duplicates = keyed
    .filter((c) => !done.has(c.event_id))
    .map((c) => ({ ...c, order_key: null, status: 'duplicate', commission: 0, hold_until: null, flags: [...c.flags, 'duplicate_order'] }));
  if (duplicates.length)
    await tx.query(
      `INSERT INTO conversions (${CONVERSION_COLUMNS})
       SELECT ${CONVERSION_COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS ${CONVERSION_RECORD}`,
      [rows(duplicates, 'event_id')],
    );
  return new Set(duplicates.map((c) => c.event_id));
};

/** The partner each of these customers was first brought by, with when. */
export const boundPartners = async (tx: Queryable, userIds: string[]): Promise<Map<string, { ref: string; boundAt: number }>> => {
  if (!userIds.length) return new Map();
  const found = await tx.query<{ user_id: string; ref: string; bound_at: number }>(
    `SELECT user_id, ref, bound_at FROM customers WHERE user_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(userIds)],
  );
  return new Map(found.map((r) => [r.user_id, { ref: r.ref, boundAt: r.bound_at }]));
};

/** Binds customers to the partner of their first paid conversion; an existing binding stays. */
export const bindCustomers = async (tx: Queryable, bindings: { user_id: string; ref: string; bound_at: number; event_id: string }[]) => {
  if (!bindings.length) return;
  await tx.query(
    `INSERT INTO customers (user_id, ref, bound_at, event_id)
     SELECT user_id, ref, bound_at, event_id
     FROM jsonb_to_recordset($1::jsonb) AS x(user_id text, ref text, bound_at bigint, event_id text)
     ON CONFLICT (user_id) DO NOTHING`,
    [rows(bindings, 'user_id')],
  );
};

export const insertRejected = async (tx: Queryable, rejected: RejectedRow[]) => {
  if (!rejected.length) return;
  await tx.query(
    `INSERT INTO rejected (received_at, event_id, reason, body)
     SELECT received_at, event_id, reason, body
     FROM jsonb_to_recordset($1::jsonb) AS x(received_at bigint, event_id text, reason text, body text)`,
    [JSON.stringify(rejected)],
  );
};
