import { COOKIE as BROWSER_COOKIE, decodeJourney, encodeJourney, MAX_VALUE } from '../store/codec';
import { mergeJourneys } from '../store/journey';
import { SERVER_COOKIE } from '../store/server-cookie';
import type { Journey, Touchpoint } from '../types';
import { setCookie, type CookieOptions } from './cookies';
import { secretList, sign, verify, type Secret, type Verdict } from './sign';

export interface JourneyCookieOptions extends CookieOptions {
  /**
   * Signs the cookie (HMAC-SHA256), so that `readJourney(request, { secret })` can tell this
   * server's journey from a script's or a forger's. A list rotates: the first signs, any verifies.
   */
  secret?: Secret;
}

/** How far a touch may be from this server's clock to be signed when it first arrives: one hour. */
const FRESH = 36e5;
// A signed value is the journey's `1.<base64url>` plus `.<signature>`.
const isSigned = (value: string) => value.split('.').length == 3;

/** Every `name=value` of a cookie header, in order (a cookie may be set on several paths or domains). */
const cookieValues = (header: string, name: string) =>
  header
    .split(/;\s*/)
    .filter((pair) => pair.startsWith(name + '='))
    .map((pair) => pair.slice(name.length + 1));

/**
 * The server cookies of a request checked against `secret`: the journey of the first one this
 * server signed, or the verdict on the rest (`tampered` wins over `unsigned`: someone forged).
 */
const verifiedServerCookie = async (header: string, secret: Secret): Promise<{ verdict: Verdict; journey?: Journey }> => {
  let verdict: Verdict = 'unsigned';
  for (const text of cookieValues(header, SERVER_COOKIE)) {
    if (!isSigned(text)) continue;
    const checked = await verify(text, secret, 'cookie');
    const journey = checked.verdict == 'signed' ? decodeJourney(checked.value) : undefined;
    if (journey) return { verdict: 'signed', journey };
    verdict = 'tampered';
  }
  return { verdict };
};

/**
 * What this server signs of a posted journey: the touches it signed before, as it signed them,
 * and new touches only when they claim to be recent. A touch forged into a cookie after the fact
 * (back-dated, or another partner's put in place of the one clicked) is never signed.
 */
const signable = (posted: Journey, before: Journey | undefined, now: number): Journey => {
  const known = new Map(before?.touchpoints.map((t) => [t.id, t]));
  const touchpoints = posted.touchpoints
    .map((t) => known.get(t.id) || (Math.abs(now - t.ts) <= FRESH ? t : undefined))
    .filter(Boolean) as Touchpoint[];
  return { ...posted, touchpoints };
};

// The server cookie's value for a journey this server writes: signed as `signable` allows.
const signedValue = async (journey: Journey, cookieHeader: string, secret: Secret) =>
  sign(encodeJourney(signable(journey, (await verifiedServerCookie(cookieHeader, secret)).journey, Date.now())), secret, 'cookie');

/**
 * The `Set-Cookie` values that hand a journey to the browser from the server (the click
 * redirect): the cookie the script reads (`_reftrace`, so a page with the script tag continues
 * the journey) and the server-set `_reftrace_s` (which Safari does not cap at 7 days), signed
 * with `secret` exactly as the handler signs a posted journey.
 */
export const journeyCookies = async (journey: Journey, request: Request, options: JourneyCookieOptions): Promise<string[]> => {
  const value = encodeJourney(journey);
  const { secret } = options;
  const server = secret == null ? value : await signedValue(journey, request.headers.get('cookie') || '', secret);
  return [setCookie(BROWSER_COOKIE, value, request, options), setCookie(SERVER_COOKIE, server, request, options)];
};

const reply = (status: number, headers?: Record<string, string>) => new Response(null, { status, headers });

// Twice the longest journey: room for whitespace around one, and still only a few KB.
const MAX_BODY = 2 * MAX_VALUE;

/**
 * The body as text, or `undefined` once it is longer than `MAX_BODY`: read chunk by chunk and
 * abandoned there, so a hostile client cannot make the server buffer gigabytes.
 */
const readBody = async ({ body, headers }: Request): Promise<string | undefined> => {
  if (+(headers.get('content-length') || 0) > MAX_BODY) return;
  const reader = body?.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (let chunk; reader && !(chunk = await reader.read()).done; )
    if ((text += decoder.decode(chunk.value, { stream: true })).length > MAX_BODY) return void reader.cancel().catch(() => {});
  return text.trim();
};

/**
 * The endpoint behind `serverCookie(path)`: a Web-standard `Request → Response` handler to mount
 * on the merchant's own origin. POST with the encoded journey as the body sets `_reftrace_s` from
 * the server, which Safari does not cap at 7 days the way it caps cookies written by script;
 * DELETE or an empty body clears it. Anything that is not a valid journey gets 400, a body
 * over twice the longest journey 413.
 */
export const journeyCookieHandler = (options: JourneyCookieOptions = {}) => {
  const { secret } = options;
  if (secret != null) secretList(secret);
  return async (request: Request): Promise<Response> => {
    const { method, headers } = request;
    if (method != 'POST' && method != 'DELETE') return reply(405, { allow: 'POST, DELETE' });
    // Another site must not plant a journey (cookie stuffing) with a cross-site form post.
    if (headers.get('sec-fetch-site') == 'cross-site') return reply(403);
    let value = method == 'POST' ? await readBody(request) : '';
    if (value == null) return reply(413);
    const posted = value ? decodeJourney(value) : undefined;
    if (value && !posted) return reply(400);
    if (posted && secret != null) value = await signedValue(posted, headers.get('cookie') || '', secret);
    return reply(204, { 'cache-control': 'no-store', 'set-cookie': setCookie(SERVER_COOKIE, value, request, options) });
  };
};

export interface ReadJourneyOptions {
  /** Days a touch stays in the journey; match the tracker's `windowDays`. Default 30. */
  windowDays?: number;
  now?: number;
}

/** `readJourney` with a `secret`: the journey and how far this server can vouch for it. */
export interface VerifiedJourney {
  /**
   * `signed`: this server signed the server cookie, and `journey` is what it signed.
   * `unverified`: no signed cookie (only script-written ones, or signing came later): `journey` is their claim.
   * `tampered`: a server cookie whose signature matches no secret: rejected, `journey` is undefined.
   */
  trust: 'signed' | 'unverified' | 'tampered';
  journey?: Journey;
  /** Touches the script-written cookie claims beyond the signed journey (when `signed`): a claim, never credit. */
  unverified: Touchpoint[];
}

/**
 * The journey a request carries: the union of the script-written `_reftrace` and the server-set
 * `_reftrace_s` (either may be missing: expired, capped by Safari, blocked), the browser cookie's
 * identity first. Takes a `Request` or a raw `Cookie` header (`req.headers.cookie` in Express).
 * Treat it as a claim: the visitor controls their cookies. With a `secret` (the handler's), it
 * resolves to a `VerifiedJourney`: what this server signed, kept apart from what scripts wrote.
 */
export function readJourney(source: JourneySource, options?: ReadJourneyOptions): Journey | undefined;
export function readJourney(source: JourneySource, options: ReadJourneyOptions & { secret: Secret }): Promise<VerifiedJourney>;
export function readJourney(
  source: JourneySource,
  { windowDays = 30, now = Date.now(), secret }: ReadJourneyOptions & { secret?: Secret } = {},
): Journey | undefined | Promise<VerifiedJourney> {
  const header = (typeof source == 'string' ? source : source?.headers.get('cookie')) || '';
  // Without the secret, a signed server cookie is read past its signature, as one more claim.
  const values = (name: string) => cookieValues(header, name).map((v) => decodeJourney(isSigned(v) ? v.slice(0, v.lastIndexOf('.')) : v));
  const claimed = () => mergeJourneys([...values(BROWSER_COOKIE), ...values(SERVER_COOKIE)], now, windowDays);
  if (secret == null) return claimed();
  secretList(secret);
  return verifiedServerCookie(header, secret).then(({ verdict, journey }): VerifiedJourney => {
    if (verdict == 'tampered') return { trust: 'tampered', unverified: [] };
    if (!journey) return { trust: 'unverified', journey: claimed(), unverified: [] };
    const signed = mergeJourneys([journey], now, windowDays)!;
    const ids = new Set(signed.touchpoints.map((t) => t.id));
    const scripted = mergeJourneys(values(BROWSER_COOKIE), now, windowDays);
    return { trust: 'signed', journey: signed, unverified: scripted?.touchpoints.filter((t) => !ids.has(t.id)) || [] };
  });
}

type JourneySource = { headers: Pick<Headers, 'get'> } | string | null | undefined;
