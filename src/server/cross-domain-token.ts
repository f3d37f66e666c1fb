import { TOKEN } from '../browser/cross-domain';
import { decodeJourney, encodeJourney } from '../store/codec';
import type { Journey } from '../types';
import { secretList, sign, verify, type Secret } from './sign';

export interface TokenOptions {
  /** The secret both domains' servers share (a list rotates: the first signs, any verifies). */
  secret: Secret;
  now?: number;
}

// A token is short-lived and crosses in a URL: a minute of slack for the servers' clocks.
const SLACK = 60e3;

/**
 * `url` with a signed `_rt` token carrying `journey` (its touchpoints only, never a user id), for
 * a server that renders links to the merchant's other domain: `<time base 36>.<journey>.<signature>`,
 * the format the browser's `decorate` layer reads, signed so the other domain's server can trust it.
 */
export const signedTokenUrl = async (url: string | URL, journey: Journey, { secret, now = Date.now() }: TokenOptions): Promise<string> => {
  const target = new URL(url);
  const payload = now.toString(36) + '.' + encodeJourney({ anonymousId: journey.anonymousId, touchpoints: journey.touchpoints }, 1500);
  target.searchParams.set(TOKEN, await sign(payload, secret, 'token'));
  return target.href;
};

/**
 * The journey a request's `_rt` token carries, when this server can trust it: signed with the
 * shared secret, no older than `maxAgeMinutes` (default 10) and no touch dated after it was
 * made. An unsigned, tampered, expired or malformed token gives `undefined`: ignored. Identity
 * never comes from a token.
 */
export const readSignedToken = async (
  source: Request | URL | string,
  { secret, now = Date.now(), maxAgeMinutes = 10 }: TokenOptions & { maxAgeMinutes?: number },
): Promise<Journey | undefined> => {
  secretList(secret);
  const token = new URL(source instanceof Request ? source.url : source).searchParams.get(TOKEN) || '';
  const [time36, version, body, signature] = token.split('.');
  if (!signature || !/^[\da-z]{1,12}$/.test(time36)) return;
  const time = parseInt(time36, 36);
  if (now - time < -SLACK || now - time > maxAgeMinutes * 6e4) return;
  const { verdict } = await verify(token, secret, 'token');
  const journey = verdict == 'signed' ? decodeJourney(version + '.' + body) : undefined;
  if (journey && journey.touchpoints.every((t) => t.ts <= time + SLACK)) return { anonymousId: journey.anonymousId, touchpoints: journey.touchpoints };
};
