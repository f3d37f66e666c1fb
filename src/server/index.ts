// `reftrace/server`: Web-standard helpers for the merchant's backend (Node 18+, edge runtimes).
// No DOM and no Node-only API; the attribution functions are the same ones the browser runs.
export { journeyCookieHandler, readJourney, type JourneyCookieOptions, type ReadJourneyOptions, type VerifiedJourney } from './journey-cookie';
export { sign, verify, type Secret, type Verdict } from './sign';
export { readSignedToken, signedTokenUrl, type TokenOptions } from './cross-domain-token';
export { toNodeHandler, type NodeRequest, type NodeResponse } from './node';
export { pixelHandler, pixelUrl, type PixelConversion, type PixelOptions, type PixelType } from './pixel';
export { clickHandler, type ClickOptions } from './click';
export { postbackPresets, renderPostback, type PostbackPreset } from './postback';
export { signWebhook, verifyWebhook, WEBHOOK_HEADER } from './webhook';
export { attribute, award, firstTouch, lastNonDirect, lastTouch, linear, modelByName, positionBased, timeDecay } from '../attribution';
export type { AttributeOptions, AwardOptions } from '../attribution';
export type * from '../types';
export type * from '../events/event';
export { conversionFrom, type ServerConversionInput, type ServerConversionRules } from './conversion-from';
export { sendEvents, type SendOptions, type SendResult } from './send-events';
export { fromReferralId, isReferralId, type JourneySource } from './referral-id';
export { validJourney } from '../store/codec';
