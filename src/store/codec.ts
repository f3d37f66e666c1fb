import { isReferralCode } from '../capture/referral-code';
import { isSubId, SUB_IDS } from '../capture/sub-ids';
import type { Journey, Touchpoint } from '../types';

/*
 * The journey as one cookie-safe string: `1.` + base64url(JSON). Shared by the browser and by
 * the server helper, so a merchant's backend reads exactly what the SDK wrote. Decoding never
 * trusts its input: the cookie header is attacker-controlled.
 */
const VERSION = '1.';

/** The script-written cookie that carries the journey (the server helper sets `_reftrace_s`). */
export const COOKIE = '_reftrace';
const FIELDS = ['id', 'ts', 'ref', 'channel', 'source', 'medium', 'campaign', 'term', 'content', 'clickIds', 'landing', 'referrer', 'flags', 'subIds'] as const;

const toBase64Url = (text: string): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text: string): string =>
  new TextDecoder().decode(Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));

/**
 * Encodes a journey, dropping its oldest touchpoints until the value fits `maxLength`. One that
 * does not fit even alone is left out first: it must not take every other touchpoint with it.
 */
export const encodeJourney = (journey: Journey, maxLength = 3000): string => {
  const encode = (t: Touchpoint[]) =>
    VERSION + toBase64Url(JSON.stringify([journey.anonymousId, journey.userId || 0, t.map((tp) => FIELDS.map((f) => tp[f] ?? 0))]));
  for (let t = journey.touchpoints.filter((tp) => encode([tp]).length <= maxLength); ; t = t.slice(1)) {
    const value = encode(t);
    if (value.length <= maxLength || !t.length) return value;
  }
};

const str = (v: unknown, max = 256): v is string => typeof v == 'string' && v.length > 0 && v.length <= max;

/** Checks a journey of unknown origin field by field; anything malformed makes it `undefined`. */
export const validJourney = (j: Partial<Journey> | undefined): Journey | undefined => {
  if (!j || !str(j.anonymousId, 64) || !Array.isArray(j.touchpoints) || (j.userId != null && !str(j.userId))) return;
  const ok = j.touchpoints.every(
    (t: Partial<Touchpoint>) =>
      t &&
      str(t.id, 64) &&
      Number.isFinite(t.ts) &&
      str(t.channel, 20) &&
      str(t.landing, 2000) &&
      (t.ref == null || isReferralCode(t.ref)) &&
      ['source', 'medium', 'campaign', 'term', 'content', 'referrer'].every((k) => t[k as 'source'] == null || str(t[k as 'source'])) &&
      (t.clickIds == null || (typeof t.clickIds == 'object' && Object.values(t.clickIds).every((v) => str(v)))) &&
      (t.subIds == null || (typeof t.subIds == 'object' && Object.entries(t.subIds).every(([k, v]) => SUB_IDS.includes(k as 'sub1') && isSubId(v)))) &&
      (t.flags == null || (Array.isArray(t.flags) && t.flags.every((f) => str(f, 64)))),
  );
  return ok ? (j as Journey) : undefined;
};

/** The longest value `decodeJourney` accepts: a cookie cannot be much longer. */
export const MAX_VALUE = 4096;

/** Decodes a cookie value; malformed, oversized or other-version values give `undefined`. */
export const decodeJourney = (value: string | undefined): Journey | undefined => {
  // Nothing but base64url after the version: atob would skip whitespace, and the server helper
  // puts a value it accepts into a Set-Cookie header, where a line break throws.
  if (!value || value.length > MAX_VALUE || !value.startsWith(VERSION) || /[^\w-]/.test(value.slice(VERSION.length))) return;
  try {
    const [anonymousId, userId, rows] = JSON.parse(fromBase64Url(value.slice(VERSION.length)));
    return validJourney({
      anonymousId,
      ...(userId && { userId }),
      touchpoints: rows.map((row: unknown[]) => {
        const tp: Record<string, unknown> = {};
        // A cookie written before a field existed has no column for it.
        FIELDS.forEach((f, i) => (row[i] ?? 0) !== 0 && (tp[f] = row[i]));
        return tp;
      }),
    });
  } catch {}
};
