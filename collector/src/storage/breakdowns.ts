// The dashboard's read-outs beyond the API's reports: figures by UTC day, a partner's sub-ids,
// channel mix and award reasons, the partner's own commission by status, and ingest health.
// Revenue and commission follow reports.ts: revenue net of refunds without duplicates,
// commission earned (pending included) less what refunds reversed, without duplicates or rejected.
import type { Period } from '../routes/period.js';
import type { Queryable, Row } from './database.js';
import type { ByCurrency } from './reports.js';
import { STATUS_SQL } from './status.js';

type Money = ByCurrency;

export interface DayFigures {
  day: string;
  clicks: number;
  conversions: number;
  revenue: Money;
  commission: Money;
}

export interface Breakdown {
  key: string;
  clicks: number;
  conversions: number;
  revenue: Money;
  commission: Money;
}

const DAY = 86_400_000;
const CONVERTED = `count(*) FILTER (WHERE status NOT IN ('duplicate', 'test'))`;
const REVENUE = `sum(CASE WHEN status NOT IN ('duplicate', 'test') THEN amount - refunded ELSE 0 END)`;
const COMMISSION = `sum(CASE WHEN status NOT IN ('duplicate', 'rejected', 'test') THEN commission - reversed ELSE 0 END)`;

/** Adds a row's money to a map created without a prototype (a currency named `__proto__` stays data). */
const add = (money: Money, currency: string | null, value: number) => {
  if (currency != null && value) money[currency] = (money[currency] ?? 0) + value;
};

/** Rows keyed by `key`, clicks and conversion money folded in; `keys` fixes the order and the empty rows. */
const fold = (keys: string[], clicks: Row[], money: Row[]): Breakdown[] => {
  const out = new Map<string, Breakdown>();
  const at = (key: string) => {
    let b = out.get(key);
    if (!b) out.set(key, (b = { key, clicks: 0, conversions: 0, revenue: Object.create(null), commission: Object.create(null) }));
    return b;
  };
  keys.forEach(at);
  for (const r of clicks) at(String(r.key)).clicks += r.n;
  for (const r of money) {
    const b = at(String(r.key));
    b.conversions += r.conversions;
    add(b.revenue, r.currency, r.revenue);
    add(b.commission, r.commission_currency, r.commission);
  }
  return [...out.values()].map((b) => ({ ...b, revenue: { ...b.revenue }, commission: { ...b.commission } }));
};

/** Every UTC day of the period (capped at its data's days when the period is open-ended), with the figures, optionally of one partner. */
export const daily = async (db: Queryable, { from, to }: Period, ref?: string): Promise<DayFigures[]> => {
  const [clicks, money] = await Promise.all([
    db.query(
      `SELECT at / ${DAY} AS key, count(*) AS n FROM events
       WHERE type = 'click' AND NOT test AND at >= $1 AND at < $2 AND ($3::text IS NULL OR ref = $3) GROUP BY 1`,
      [from, to, ref ?? null],
    ),
    db.query(
      `SELECT at / ${DAY} AS key, currency, commission_currency, ${CONVERTED} AS conversions, ${REVENUE} AS revenue, ${COMMISSION} AS commission
       FROM conversions WHERE at >= $1 AND at < $2 AND ($3::text IS NULL OR ref = $3) GROUP BY 1, 2, 3`,
      [from, to, ref ?? null],
    ),
  ]);
  const days: string[] = [];
  for (let d = Math.floor(from / DAY); d * DAY < to; d++) days.push(String(d));
  return fold(days, clicks, money).map(({ key, ...figures }) => ({ day: new Date(+key * DAY).toISOString().slice(0, 10), ...figures }));
};

/** The touchpoint a conversion's award points at, as a lateral join over the stored event. */
const AWARDED = `FROM conversions c JOIN events e ON e.id = c.event_id
  CROSS JOIN LATERAL (SELECT t FROM jsonb_array_elements(e.body -> 'touchpoints') t WHERE t ->> 'id' = c.award ->> 'touchpointId' LIMIT 1) a`;

/**
 * A partner's clicks and conversions by sub-id (`sub1=yt`; `(none)` for links without one), the
 * conversion's sub-ids being those of the touch that won the award.
 */
export const subIds = async (db: Queryable, { from, to }: Period, ref: string): Promise<Breakdown[]> => {
  const pairs = (touch: string) =>
    `CROSS JOIN LATERAL (SELECT coalesce((SELECT jsonb_agg(k || '=' || v) FROM jsonb_each_text(coalesce(${touch} -> 'subIds', '{}'::jsonb)) s(k, v)), '["(none)"]'::jsonb) AS keys) p
     CROSS JOIN LATERAL jsonb_array_elements_text(p.keys) AS key`;
  const [clicks, money] = await Promise.all([
    db.query(
      `SELECT key, count(*) AS n FROM events e ${pairs(`e.body -> 'touchpoint'`)}
       WHERE e.type = 'click' AND NOT e.test AND e.ref = $3 AND e.at >= $1 AND e.at < $2 GROUP BY 1`,
      [from, to, ref],
    ),
    db.query(
      `SELECT key, c.currency, c.commission_currency, count(*) FILTER (WHERE c.status NOT IN ('duplicate', 'test')) AS conversions,
         sum(CASE WHEN c.status NOT IN ('duplicate', 'test') THEN c.amount - c.refunded ELSE 0 END) AS revenue,
         sum(CASE WHEN c.status NOT IN ('duplicate', 'rejected', 'test') THEN c.commission - c.reversed ELSE 0 END) AS commission
       ${AWARDED} ${pairs('a.t')}
       WHERE c.ref = $3 AND c.at >= $1 AND c.at < $2 GROUP BY 1, 2, 3`,
      [from, to, ref],
    ),
  ]);
  return fold([], clicks, money).sort((a, b) => b.conversions - a.conversions || b.clicks - a.clicks || (a.key < b.key ? -1 : 1));
};

/** A partner's clicks and conversions by channel (the winning touch's channel for conversions). */
export const channels = async (db: Queryable, { from, to }: Period, ref: string): Promise<Breakdown[]> => {
  const [clicks, money] = await Promise.all([
    db.query(
      `SELECT e.body -> 'touchpoint' ->> 'channel' AS key, count(*) AS n FROM events e
       WHERE e.type = 'click' AND NOT e.test AND e.ref = $3 AND e.at >= $1 AND e.at < $2 GROUP BY 1`,
      [from, to, ref],
    ),
    db.query(
      `SELECT a.t ->> 'channel' AS key, c.currency, c.commission_currency, count(*) FILTER (WHERE c.status NOT IN ('duplicate', 'test')) AS conversions,
         sum(CASE WHEN c.status NOT IN ('duplicate', 'test') THEN c.amount - c.refunded ELSE 0 END) AS revenue,
         sum(CASE WHEN c.status NOT IN ('duplicate', 'rejected', 'test') THEN c.commission - c.reversed ELSE 0 END) AS commission
       ${AWARDED} WHERE c.ref = $3 AND c.at >= $1 AND c.at < $2 GROUP BY 1, 2, 3`,
      [from, to, ref],
    ),
  ]);
  return fold([], clicks, money).sort((a, b) => b.clicks + b.conversions - (a.clicks + a.conversions) || (a.key < b.key ? -1 : 1));
};

/** Why a partner's conversions were awarded to them (`last_touch`, `coupon`, …), most frequent first. */
export const awardReasons = async (db: Queryable, { from, to }: Period, ref: string): Promise<{ reason: string; count: number }[]> =>
  (
    await db.query(
      `SELECT coalesce(award ->> 'reason', 'unknown') AS reason, count(*) AS n FROM conversions
       WHERE ref = $3 AND status NOT IN ('duplicate', 'test') AND at >= $1 AND at < $2 GROUP BY 1 ORDER BY 2 DESC, 1`,
      [from, to, ref],
    )
  ).map((r) => ({ reason: r.reason, count: r.n }));

/** A partner's commission in the period by status: approved (payable: approved less reversed) and pending. */
export const commissionByStatus = async (db: Queryable, { from, to }: Period, ref: string, now: number): Promise<{ approved: Money; pending: Money }> => {
  const rows = await db.query(
    `SELECT effective, commission_currency AS currency, sum(commission - reversed) AS amount
     FROM (SELECT *, ${STATUS_SQL} AS effective FROM conversions WHERE ref = $4 AND commission_currency IS NOT NULL AND at >= $2 AND at < $3) c
     WHERE effective IN ('approved', 'reversed', 'pending') GROUP BY 1, 2`,
    [now, from, to, ref],
  );
  const approved: Money = Object.create(null), pending: Money = Object.create(null);
  for (const r of rows) add(r.effective == 'pending' ? pending : approved, r.currency, r.amount);
  return { approved: { ...approved }, pending: { ...pending } };
};

export interface Health {
  received: number;
  duplicates: number;
  rejected: { reason: string; count: number }[];
  lastEventAt: string | null;
}

/** Ingest since the database was created: events stored, duplicate orders, rejections by reason (the 50 most frequent), the last arrival. */
export const health = async (db: Queryable): Promise<Health> => {
  const [[events], [dups], rejected] = await Promise.all([
    db.query(`SELECT count(*) AS n, max(received_at) AS last FROM events`),
    db.query(`SELECT count(*) AS n FROM conversions WHERE status = 'duplicate'`),
    db.query(`SELECT reason, count(*) AS n FROM rejected GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50`),
  ]);
  return {
    received: events.n,
    duplicates: dups.n,
    rejected: rejected.map((r) => ({ reason: r.reason, count: r.n })),
    lastEventAt: events.last == null ? null : new Date(events.last).toISOString(),
  };
};

/** The currency of the order that converted (what a typed refund amount is counted in). */
export const orderCurrency = async (db: Queryable, orderId: string): Promise<string | undefined> =>
  (await db.query(`SELECT currency FROM conversions WHERE order_id = $1 AND status NOT IN ('duplicate', 'test') AND currency IS NOT NULL LIMIT 1`, [orderId]))[0]?.currency;
