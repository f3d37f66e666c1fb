import type { SubIds } from './capture/sub-ids';

export type { SubIdKey, SubIds } from './capture/sub-ids';

/** Marketing channel group a touchpoint belongs to (GA4-style default channel grouping). */
export type Channel =
  | 'affiliate'
  | 'paid_search'
  | 'organic_search'
  | 'paid_social'
  | 'organic_social'
  | 'email'
  | 'display'
  | 'referral'
  | 'direct'
  | 'other';

/**
 * One visit that carried attribution signal: a referral code, campaign tags, click ids
 * or an external referrer. Times are epoch milliseconds.
 */
export interface Touchpoint {
  id: string;
  ts: number;
  /** Validated referral code (the partner), when the landing carried one. */
  ref?: string;
  channel: Channel;
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
  /** Ad and network click ids by parameter name, e.g. `{ gclid: '…' }`. */
  clickIds?: Record<string, string>;
  /** The partner's own tags from the link, `{ sub1: 'yt', sub2: 'video-9' }`. */
  subIds?: SubIds;
  /** Path plus the tracking parameters only: never the full landing URL. */
  landing: string;
  /** Referrer host, when the visit came from another site. */
  referrer?: string;
  /** Qualifiers set by the program, e.g. `brand_bid`; `award` can exclude flagged touches. */
  flags?: string[];
}

/** What is persisted per browser. */
export interface Journey {
  anonymousId: string;
  userId?: string;
  /** Oldest first. */
  touchpoints: Touchpoint[];
}

/** The facts about a conversion that attribution needs; `amount` in integer minor units. */
export interface ConversionFacts {
  ts: number;
  amount: number;
  type?: string;
  coupon?: string;
}

/**
 * An attribution model: a name (sent on the wire) and a weight per eligible touch.
 * Touches arrive in journey order; weights need not be normalised.
 */
export interface AttributionModel {
  name: string;
  weights(touchpoints: readonly Touchpoint[], conversion: ConversionFacts): number[];
}

export interface Credit {
  touchpointId: string;
  ref: string | null;
  weight: number;
  amount: number;
}

export interface Attribution {
  model: string;
  credits: Credit[];
  /** The amount no touch earned (nothing eligible); 0 otherwise. */
  unattributed: number;
}

/** The single partner who earns the commission, or `ref: null` with the reason nobody does. */
export interface Award {
  policy: 'last_click' | 'first_click';
  ref: string | null;
  touchpointId: string | null;
  reason: string;
}
