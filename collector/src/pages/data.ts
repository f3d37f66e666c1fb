// What the pages render: the JSON API's shapes (collector/README.md documents every field) plus
// the dashboard's own read-outs (series by day, breakdowns, health). Money is integer minor units.
import type { Money } from './money.js';

export interface Summary {
  clicks: number;
  conversions: number;
  revenue: Money;
  commission: Money;
  duplicates: number;
  rejected: number;
  flagged: number;
}

export interface PartnerFigures {
  ref: string;
  clicks: number;
  conversions: number;
  revenue: Money;
  commission: Money;
  conversionRate: number;
  epc: Money;
}

/** One UTC day of the chart. */
export interface DayFigures {
  day: string;
  clicks: number;
  conversions: number;
  revenue: Money;
  commission: Money;
}

/** One row of a breakdown: a sub-id value, a channel. */
export interface Breakdown {
  key: string;
  clicks: number;
  conversions: number;
  revenue: Money;
  commission: Money;
}

export type ConversionStatus = 'pending' | 'approved' | 'reversed' | 'duplicate' | 'rejected';

/** One conversion as `GET /api/conversions` lists it (the fields the pages use). */
export interface ConversionRow {
  id: string;
  orderId: string | null;
  type: string;
  /** The collector's clock, epoch ms. */
  at: number;
  ref: string | null;
  amount: number;
  currency: string | null;
  /** What the conversion earned, and what refunds took back of it, in `commissionCurrency`. */
  commission: number;
  commissionCurrency: string | null;
  reversed: number;
  refunded: number;
  status: ConversionStatus;
  /** `attribution_mismatch` and, when that lands, the fraud flags. */
  flags: string[];
  /** The recomputed award and attribution (what pays). */
  award: { ref: string | null; reason: string } | null;
  attribution: { model: string; credits: { ref?: string | null; touchpointId?: string; amount: number }[] } | null;
}

/** One line of `GET /api/payouts`. */
export interface PayoutRow {
  ref: string;
  currency: string;
  conversions: number;
  approved: number;
  reversed: number;
  /** Approved minus reversed, in minor units. */
  payout: number;
}

export interface Health {
  received: number;
  duplicates: number;
  rejected: { reason: string; count: number }[];
  lastEventAt: string | null;
}

/** A partner's own page: the figures they may see. */
export interface PartnerOwn {
  ref: string;
  clicks: number;
  conversions: number;
  /** Approved (payable: approved less reversed) and pending review or hold. */
  commission: { approved: Money; pending: Money };
  days: DayFigures[];
  subIds: Breakdown[];
}
