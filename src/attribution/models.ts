import type { AttributionModel, Touchpoint } from '../types';
import { fail } from './fail';

/** All the weight on index `k`. */
const hot = (t: readonly Touchpoint[], k: number) => t.map((_, i) => +(i == k));

/** Single-touch models differ only in which index gets the whole weight. */
const oneHot = (name: string, pick: (t: readonly Touchpoint[]) => number): AttributionModel => ({
  name,
  weights: (t) => hot(t, pick(t)),
});

export const lastTouch = () => oneHot('last_touch', (t) => t.length - 1);

export const firstTouch = () => oneHot('first_touch', () => 0);

/** The reduce starts at the last index, so an all-direct journey keeps the last touch. */
export const lastNonDirect = () =>
  oneHot('last_non_direct', (t) => t.reduce((k, x, i) => (x.channel != 'direct' ? i : k), t.length - 1));

export const linear = (): AttributionModel => ({ name: 'linear', weights: (t) => t.map(() => 1) });

export interface TimeDecayOptions {
  /** Days after which a touch's weight halves. Default 7. */
  halfLifeDays?: number;
}

/**
 * Weight 2^(-age / halfLife), age measured to the conversion. The exponent is taken relative
 * to the newest touch instead: identical after normalisation, but the newest weight is 1, so
 * a short half-life over a long window cannot underflow every weight to 0.
 */
export const timeDecay = ({ halfLifeDays = 7 }: TimeDecayOptions = {}): AttributionModel => {
  if (!(halfLifeDays > 0 && halfLifeDays < 1 / 0)) fail('bad halfLifeDays');
  return {
    name: 'time_decay',
    weights: (t) => {
      const newest = Math.max(...t.map((x) => x.ts));
      return t.map((x) => 2 ** ((x.ts - newest) / halfLifeDays / 864e5));
    },
  };
};

export interface PositionBasedOptions {
  /** Share of the first touch. Default 0.4. */
  first?: number;
  /** Share of the last touch. Default 0.4. */
  last?: number;
}

/**
 * first/last shares, the rest split evenly over the middle touches. Two touches have no
 * middle, so first:last is renormalised (0:0 falls back to an even split).
 */
export const positionBased = ({ first = 0.4, last = 0.4 }: PositionBasedOptions = {}): AttributionModel => {
  // Also rejects NaN and Infinity: neither passes both comparisons.
  if (!(first >= 0 && last >= 0 && first + last <= 1)) fail('bad first/last');
  return {
    name: 'position_based',
    weights: (t) => {
      const n = t.length;
      return t.map((_, i) =>
        n < 2 || (n < 3 && !(first + last)) ? 1 : i ? (i < n - 1 ? (1 - first - last) / (n - 2) : last) : first,
      );
    },
  };
};

/**
 * Per-channel scores computed elsewhere (e.g. a server-side Markov or Shapley run). Missing
 * channels score 0; if every touch scores 0 the last touch gets everything, so a stale score
 * table never leaves a conversion unattributed.
 */
export const scoreWeighted = (scores: Record<string, number>): AttributionModel => ({
  name: 'score_weighted',
  weights: (t) => {
    const w = t.map((x) => scores[x.channel] ?? 0);
    // `!= 0` lets NaN and negatives through so validation reports them instead of hiding them.
    return w.some((x) => x != 0) ? w : hot(t, t.length - 1);
  },
});

export type ModelOptions = TimeDecayOptions & PositionBasedOptions;

const builtIns = [lastTouch, firstTouch, lastNonDirect, linear, timeDecay, positionBased];

/** A built-in model by its wire name, for script-tag configuration. */
export const modelByName = (name: string, options?: ModelOptions): AttributionModel => {
  // Matching each factory's own name keeps the wire names in one place, and unlike a lookup
  // object cannot be fooled by prototype keys such as `toString`.
  const factory = builtIns.find((f) => f().name == name);
  return factory ? factory(options) : fail('unknown model ' + name);
};
