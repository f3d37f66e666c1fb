import type { Attribution, AttributionModel, ConversionFacts, Touchpoint } from '../types';
import { lastTouch } from './models';
import { normalise, safe, splitAmount } from './split';
import { eligible } from './window';

export interface AttributeOptions {
  /** Default `lastTouch()`. */
  model?: AttributionModel;
  /** Lookback window in days, inclusive at both ends. Default 30. */
  windowDays?: number;
}

/** Analytics credit: splits the conversion amount over every touch in the window. */
export const attribute = (
  touchpoints: readonly Touchpoint[],
  conversion: ConversionFacts,
  { model = lastTouch(), windowDays }: AttributeOptions = {},
): Attribution => {
  const t = eligible(touchpoints, conversion.ts, windowDays);
  const n = t.length;
  const amount = conversion.amount;
  const w = n ? normalise(model.weights(t, conversion), n, model.name) : [];
  // splitAmount checks the amount itself; with no touch it must still be checked here.
  const parts = n ? splitAmount(amount, w) : [];
  return {
    model: model.name,
    credits: t.map((x, i) => ({ touchpointId: x.id, ref: x.ref ?? null, weight: w[i], amount: parts[i] })),
    unattributed: n ? 0 : safe(amount),
  };
};
