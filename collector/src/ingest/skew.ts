/**
 * When an event happened on the collector's clock: the device's `ts` shifted by the device's
 * skew, `receivedAt - sentAt` (network time counts as skew, a few ms at worst). Without
 * `sentAt` the device clock is taken as is.
 */
export const correctedTime = (ts: number, sentAt: number | undefined, receivedAt: number): number =>
  sentAt == null ? ts : ts + (receivedAt - sentAt);
