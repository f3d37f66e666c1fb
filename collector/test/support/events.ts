// Wire events as the SDK builds them: attribution and award computed by the SDK's own functions.
import { attribute, award, lastTouch, type AttributionModel, type ConversionEvent, type Touchpoint, type WireEvent } from 'reftrace';

let n = 0;
export const uid = (prefix = 'e') => `${prefix}${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

const DAY = 864e5;
export const NOW = Date.UTC(2026, 11, 1, 12);

// Sent now with a correct device clock, so the collector's skew correction keeps `ts` (to the ms).
const base = (type: string, ts: number) => ({
  id: uid(),
  type,
  ts,
  sentAt: Date.now(),
  anonymousId: 'anon-1',
  context: { page: '/', library: { name: 'reftrace' as const, version: '0.1.0' } },
});

export const touch = (ref: string | undefined, ts = NOW - DAY, extra: Partial<Touchpoint> = {}): Touchpoint => ({
  id: uid('t'),
  ts,
  ...(ref ? { ref } : {}),
  channel: ref ? 'affiliate' : 'direct',
  landing: ref ? `/?ref=${ref}` : '/',
  ...extra,
});

export const click = (ref: string, ts = NOW - DAY): WireEvent => ({ ...base('click', ts), type: 'click', touchpoint: touch(ref, ts) });

export interface ConversionInput {
  orderId?: string;
  amount?: number;
  currency?: string;
  type?: string;
  touchpoints?: Touchpoint[];
  ts?: number;
  userId?: string;
  model?: AttributionModel;
}

export const conversion = ({ orderId = uid('o'), amount = 4999, currency = 'USD', type = 'purchase', touchpoints = [touch('alice')], ts = NOW, userId, model }: ConversionInput = {}): ConversionEvent => {
  const facts = { ts, amount, type };
  return {
    ...base('conversion', ts),
    type: 'conversion',
    ...(userId ? { userId } : {}),
    conversion: { orderId, type, amount, ...(currency ? { currency } : {}) },
    touchpoints,
    attribution: attribute(touchpoints, facts, { model: model ?? lastTouch() }),
    award: award(touchpoints, facts),
  };
};
