import { COOKIE as BROWSER_COOKIE, decodeJourney, MAX_VALUE } from '../store/codec';
import { mergeJourneys } from '../store/journey';
import { SERVER_COOKIE } from '../store/server-cookie';
import type { Journey } from '../types';
import { setCookie, type CookieOptions } from './cookies';

export type JourneyCookieOptions = CookieOptions;

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
export const journeyCookieHandler = (options: JourneyCookieOptions = {}) =>
  async (request: Request): Promise<Response> => {
    const { method, headers } = request;
    if (method != 'POST' && method != 'DELETE') return reply(405, { allow: 'POST, DELETE' });
    // Another site must not plant a journey (cookie stuffing) with a cross-site form post.
    if (headers.get('sec-fetch-site') == 'cross-site') return reply(403);
    const value = method == 'POST' ? await readBody(request) : '';
    if (value == null) return reply(413);
    if (value && !decodeJourney(value)) return reply(400);
    return reply(204, { 'cache-control': 'no-store', 'set-cookie': setCookie(SERVER_COOKIE, value, request, options) });
  };

/**
 * The journey a request carries: the union of the script-written `_reftrace` and the server-set
 * `_reftrace_s` (either may be missing: expired, capped by Safari, blocked), the browser cookie's
 * identity first. Takes a `Request` or a raw `Cookie` header (`req.headers.cookie` in Express).
 * Treat it as a claim: the visitor controls their cookies.
 */
export const readJourney = (
  source: { headers: Pick<Headers, 'get'> } | string | null | undefined,
  { windowDays = 30, now = Date.now() } = {},
): Journey | undefined => {
  const header = (typeof source == 'string' ? source : source?.headers.get('cookie')) || '';
  const values = (name: string) =>
    header
      .split(/;\s*/)
      .filter((pair) => pair.startsWith(name + '='))
      .map((pair) => decodeJourney(pair.slice(name.length + 1)));
  return mergeJourneys([...values(BROWSER_COOKIE), ...values(SERVER_COOKIE)], now, windowDays);
};
