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
  /** What the browser said about this landing (docs/fraud.md); `award`'s `excludeFlags` can name them. */
  signals?: Signals;
}

/**
 * Fraud signals: facts about one visit that the browser states itself, never a fingerprint.
 * Booleans are present only when true; docs/fraud.md says what each catches and what it cannot.
 */
export interface Signals {
  /** `navigator.webdriver`: the browser says it is driven by automation. */
  automated?: true;
  /** The landing ran inside a frame of another site (cookie stuffing by hidden iframe). */
  framed?: true;
  /** The landing loaded while the page was not visible: a background tab, a hidden window, a prerender. */
  hidden?: true;
  /** Conversion: the page had no user activation (click, key, tap) before it; absent where the browser cannot tell. */
  inactive?: true;
  /** Conversion: milliseconds from the credited click to the conversion. */
  sinceClick?: number;
  /** Partner touches (clicks) this visitor made in the hour before. */
  recentClicks?: number;
}

/** What is persisted per browser. */
export interface Journey {
  anonymousId: string;
  userId?: string;
  /** Oldest first. */
  touchpoints: Touchpoint[];
  /** The visitor followed a test link (`?reftrace_test=1`): every event of this journey is a test. */
  test?: true;
}

/** The facts about a conversion that attribution needs; `amount` in integer minor units. */
export interface ConversionFacts {
  ts: number;
  amount: number;
  type?: string;
  coupon?: string;
  /** The conversion's own signals; `award` refuses credit when one is named in `excludeFlags`. */
  signals?: Signals;
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
