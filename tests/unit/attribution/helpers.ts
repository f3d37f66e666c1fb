import type { Channel, ConversionFacts, Touchpoint } from '../../../src/types';

export const DAY = 86_400_000;
export const T0 = Date.UTC(2025, 0, 31);

/** A touch `daysBefore` days before T0. */
export const tp = (id: string, daysBefore: number, channel: Channel = 'affiliate', extra: Partial<Touchpoint> = {}): Touchpoint => ({
  id,
  ts: T0 - daysBefore * DAY,
  channel,
  landing: '/',
  ...extra,
});

export const conv = (amount: number, extra: Partial<ConversionFacts> = {}): ConversionFacts => ({ ts: T0, amount, ...extra });
