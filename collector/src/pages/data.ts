// What the pages render: the JSON API's shapes (collector/README.md documents every field) plus
// the dashboard's own read-outs (series by day, breakdowns, health). Money is integer minor units.
import type { Breakdown, DayFigures } from '../storage/breakdowns.js';
import type { Money } from './money.js';

export type { Breakdown, DayFigures };
export type { Health } from '../storage/breakdowns.js';
export type { PartnerFigures, PayoutLine as PayoutRow, Summary } from '../storage/reports.js';

export type ConversionStatus = 'pending' | 'approved' | 'reversed' | 'duplicate' | 'rejected' | 'test';

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
  /** What the credit rests on: `browser`, `server_cookie`, `server`, `signed`…, or `collector` / `bound` (server-attributed). */
  journey: string;
  /** The recomputed award and attribution (what pays). */
  award: { ref: string | null; reason: string } | null;
  attribution: { model: string; credits: { ref?: string | null; touchpointId?: string; amount: number }[] } | null;
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
