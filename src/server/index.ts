// `reftrace/server`: Web-standard helpers for the merchant's backend (Node 18+, edge runtimes).
// No DOM and no Node-only API; the attribution functions are the same ones the browser runs.
export { journeyCookieHandler, readJourney, type JourneyCookieOptions } from './journey-cookie';
export { toNodeHandler, type NodeRequest, type NodeResponse } from './node';
export { pixelHandler, pixelUrl, type PixelConversion, type PixelOptions, type PixelType } from './pixel';
export { clickHandler, type ClickOptions } from './click';
export { postbackPresets, renderPostback, type PostbackPreset } from './postback';
export { signWebhook, verifyWebhook, WEBHOOK_HEADER } from './webhook';
export { attribute, award, firstTouch, lastNonDirect, lastTouch, linear, modelByName, positionBased, timeDecay } from '../attribution';
export type { AttributeOptions, AwardOptions } from '../attribution';
export type * from '../types';
export type * from '../events/event';
