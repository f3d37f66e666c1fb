import type { Attribution, Award, Signals, Touchpoint } from '../types';

/** Fields every event on the wire carries. */
export interface EventBase {
  /** nanoid, created once with the event: the idempotency key across retries. */
  id: string;
  type: string;
  /** When it happened (device clock, epoch ms). */
  ts: number;
  /** When this delivery attempt left (device clock, epoch ms): `sentAt - ts` lets a collector correct skew. */
  sentAt?: number;
  anonymousId: string;
  userId?: string;
  /** A test event (a pixel with `test=1`): a collector counts it and never pays it. */
  test?: true;
  context: {
    page: string;
    referrer?: string;
    /** Made by the merchant's backend (`reftrace/server`'s `conversionFrom`), not in a browser: the page is nominal. */
    server?: true;
    library: { name: 'reftrace'; version: string };
  };
}

export interface ClickEvent extends EventBase {
  type: 'click';
  touchpoint: Touchpoint;
}

export interface ConversionEvent extends EventBase {
  type: 'conversion';
  conversion: {
    orderId?: string;
    type: string;
    /** Integer minor units of `currency` (USD 49.99 → 4999). */
    amount: number;
    /** Absent only for a zero-value conversion given without one (a signup). */
    currency?: string;
    coupon?: string;
    items?: unknown[];
  };
  touchpoints: Touchpoint[];
  attribution: Attribution;
  award: Award;
  /** What the browser said about this conversion (docs/fraud.md). */
  signals?: Signals;
}

export interface TrackEvent extends EventBase {
  type: 'track';
  name: string;
  properties?: Record<string, unknown>;
}

export interface IdentifyEvent extends EventBase {
  type: 'identify';
  traits?: Record<string, unknown>;
}

export type WireEvent = ClickEvent | ConversionEvent | TrackEvent | IdentifyEvent;
