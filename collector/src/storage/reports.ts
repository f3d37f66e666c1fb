import { shareOf } from '../rules/round.js';
import type { Period } from '../routes/period.js';
import type { Queryable } from './database.js';
import { STATUS_SQL, type Status } from './status.js';

/** Amounts by currency code, integer minor units. */
export type ByCurrency = Record<string, number>;

export interface Summary {
  clicks: number;
  conversions: number;
  revenue: ByCurrency;
  commission: ByCurrency;
  duplicates: number;
  rejected: number;
  flagged: number;
  /** Test events (`test: true`), counted apart and left out of every figure above; never paid. */
  test: { clicks: number; conversions: number };
}

export interface PartnerFigures {
  ref: string;
  clicks: number;
  conversions: number;
  revenue: ByCurrency;
  commission: ByCurrency;
  conversionRate: number;
  epc: ByCurrency;
}

/** A null-free object built from rows, so a currency code like `__proto__` cannot reach a prototype. */
const byCurrency = (rows: { currency: string | null; value: number }[]): ByCurrency => {
  const out: ByCurrency = Object.create(null);
  for (const { currency, value } of rows) if (currency != null) out[currency] = (out[currency] ?? 0) + value;
  return { ...out };
};

// Revenue is net of refunds; commission is what conversions earned, pending included, duplicates,
// rejected and the reversed part excluded.
const EARNING = `status NOT IN ('duplicate', 'rejected', 'test')`;
const COMMISSION = `sum(CASE WHEN ${EARNING} THEN commission - reversed ELSE 0 END)`;

export const summary = async (db: Queryable, { from, to }: Period): Promise<Summary> => {
  const [[clicks], money, [counts], [rejected]] = await Promise.all([
    db.query(`SELECT count(*) FILTER (WHERE NOT test) AS n, count(*) FILTER (WHERE test) AS test FROM events WHERE type = 'click' AND at >= $1 AND at < $2`, [from, to]),
    db.query(
      `SELECT currency, commission_currency, count(*) FILTER (WHERE status NOT IN ('duplicate', 'test')) AS conversions,
         sum(CASE WHEN status NOT IN ('duplicate', 'test') THEN amount - refunded ELSE 0 END) AS revenue, ${COMMISSION} AS commission
       FROM conversions WHERE at >= $1 AND at < $2 GROUP BY currency, commission_currency`,
      [from, to],
    ),
    db.query(
      `SELECT count(*) FILTER (WHERE status = 'duplicate') AS duplicates, count(*) FILTER (WHERE status = 'test') AS test,
         count(*) FILTER (WHERE status NOT IN ('duplicate', 'test') AND flags <> '[]'::jsonb) AS flagged
       FROM conversions WHERE at >= $1 AND at < $2`,
      [from, to],
    ),
    db.query(`SELECT count(*) AS n FROM rejected WHERE received_at >= $1 AND received_at < $2`, [from, to]),
  ]);
  return {
    clicks: clicks.n,
    conversions: money.reduce((n, r) => n + r.conversions, 0),
    revenue: byCurrency(money.map((r) => ({ currency: r.currency, value: r.revenue }))),
    commission: byCurrency(money.map((r) => ({ currency: r.commission_currency, value: r.commission }))),
    duplicates: counts.duplicates,
    rejected: rejected.n,
    flagged: counts.flagged,
    test: { clicks: clicks.test, conversions: counts.test },
  };
};

/**
 * Every partner with clicks or conversions in the period, and every partner the rules name,
 * by referral code. `conversionRate` is conversions per click (0 without clicks); `epc`, the
 * commission per click in minor units, rounded half-even.
 */
export const partners = async (db: Queryable, { from, to }: Period, named: string[] = []): Promise<PartnerFigures[]> => {
  const [clicks, money] = await Promise.all([
    db.query(`SELECT ref, count(*) AS n FROM events WHERE type = 'click' AND NOT test AND ref IS NOT NULL AND at >= $1 AND at < $2 GROUP BY ref`, [from, to]),
    db.query(
      `SELECT ref, currency, commission_currency, count(*) FILTER (WHERE status NOT IN ('duplicate', 'test')) AS conversions,
         sum(CASE WHEN status NOT IN ('duplicate', 'test') THEN amount - refunded ELSE 0 END) AS revenue, ${COMMISSION} AS commission
       FROM conversions WHERE ref IS NOT NULL AND status <> 'test' AND at >= $1 AND at < $2 GROUP BY ref, currency, commission_currency`,
      [from, to],
    ),
  ]);
  const refs = [...new Set([...named, ...clicks.map((r) => r.ref as string), ...money.map((r) => r.ref as string)])].sort();
  return refs.map((ref) => {
    const n = clicks.find((r) => r.ref === ref)?.n ?? 0;
    const mine = money.filter((r) => r.ref === ref);
    const conversions = mine.reduce((sum, r) => sum + r.conversions, 0);
    const commission = byCurrency(mine.map((r) => ({ currency: r.commission_currency, value: r.commission })));
    return {
      ref,
      clicks: n,
      conversions,
      revenue: byCurrency(mine.map((r) => ({ currency: r.currency, value: r.revenue }))),
      commission,
      conversionRate: n ? conversions / n : 0,
      epc: Object.fromEntries(Object.entries(commission).map(([currency, value]) => [currency, n && value > 0 ? shareOf(value, 1, n) : 0])),
    };
  });
};

export interface ConversionFilter extends Period {
  ref?: string;
  status?: Status;
  limit: number;
  now: number;
}

/** Conversions newest first, as the API lists them. */
export const conversions = async (db: Queryable, { ref, status, from, to, limit, now }: ConversionFilter) => {
  const rows = await db.query(
    `SELECT * FROM (
       SELECT event_id, order_id, type, amount, currency, ref, user_id, at, commission, commission_currency, reversed, refunded,
         rule, ${STATUS_SQL} AS status, hold_until, flags, attribution, award, claimed, journey, reasons, reviewed_at, review_note
       FROM conversions WHERE at >= $2 AND at < $3 AND ($4::text IS NULL OR ref = $4)
     ) c WHERE ($5::text IS NULL OR status = $5)
     ORDER BY at DESC, event_id LIMIT $6`,
    [now, from, to, ref ?? null, status ?? null, limit],
  );
  return rows.map((r) => ({
    id: r.event_id,
    orderId: r.order_id,
    type: r.type,
    amount: r.amount,
    currency: r.currency,
    ref: r.ref,
    userId: r.user_id,
    at: r.at,
    commission: r.commission,
    commissionCurrency: r.commission_currency,
    reversed: r.reversed,
    refunded: r.refunded,
    rule: r.rule,
    status: r.status as Status,
    holdUntil: r.hold_until,
    flags: r.flags as string[],
    journey: r.journey,
    award: r.award,
    attribution: r.attribution,
    claimed: r.claimed,
    /** Why the fraud rules held it: `[{ rule, reason }]`; a reviewer's decision and note. */
    reasons: r.reasons as { rule: string; reason: string }[],
    reviewedAt: r.reviewed_at,
    reviewNote: r.review_note,
  }));
};

export interface PayoutLine {
  ref: string;
  currency: string;
  conversions: number;
  approved: number;
  reversed: number;
  payout: number;
}

/**
 * What each partner is owed per currency for conversions in the period: approved commission
 * (past its hold, not held for review, not a duplicate or rejected) minus what refunds reversed.
 */
export const payouts = async (db: Queryable, { from, to }: Period, now: number): Promise<PayoutLine[]> => {
  const rows = await db.query(
    `SELECT ref, commission_currency AS currency, count(*) AS conversions, sum(commission) AS approved, sum(reversed) AS reversed
     FROM (SELECT *, ${STATUS_SQL} AS effective FROM conversions WHERE ref IS NOT NULL AND commission_currency IS NOT NULL AND at >= $2 AND at < $3) c
     WHERE effective IN ('approved', 'reversed')
     GROUP BY ref, commission_currency ORDER BY ref, commission_currency`,
    [now, from, to],
  );
  return rows.map((r) => ({ ref: r.ref, currency: r.currency, conversions: r.conversions, approved: r.approved, reversed: r.reversed, payout: r.approved - r.reversed }));
};
