export { createTracker, type Conversion, type Tracker, type TrackerOptions } from './tracker';
export {
  attribute,
  award,
  firstTouch,
  lastNonDirect,
  lastTouch,
  linear,
  modelByName,
  positionBased,
  scoreWeighted,
  splitAmount,
  timeDecay,
  type AttributeOptions,
  type AwardOptions,
  type ModelOptions,
  type PositionBasedOptions,
  type TimeDecayOptions,
} from './attribution';
export { toMinor } from './events/money';
export * from './links';
export type * from './events/event';
export type * from './types';
export type { Layer } from './store/journey-store';
