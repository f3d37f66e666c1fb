export { attribute, type AttributeOptions } from './attribute';
export { award, type AwardOptions } from './award';
export {
  firstTouch,
  lastNonDirect,
  lastTouch,
  linear,
  modelByName,
  positionBased,
  scoreWeighted,
  timeDecay,
  type ModelOptions,
  type PositionBasedOptions,
  type TimeDecayOptions,
} from './models';
export { splitAmount } from './split';
