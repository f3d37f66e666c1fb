import { CHANNELS } from '../capture/channel';
import { clickIdNames } from '../capture/click-ids';
import { isClickId } from '../capture/landing';
import { isReferralCode } from '../capture/referral-code';
import { isSubId, SUB_IDS } from '../capture/sub-ids';
import type { Journey, Touchpoint } from '../types';

/*
 * The journey as one cookie-safe string: `1.` + base64url(JSON) of `[anonymousId, userId or 0,
 * touchpoints as rows of FIELDS, 1 when a test journey]`. Shared by the browser and by the server
 * helper, so a merchant's backend reads exactly what the SDK wrote. Fields only ever join at the
 * end, so older readers read newer values and the other way round. Decoding never trusts its
 * input: the cookie header is attacker-controlled.
 */
const VERSION = '1.';

/** The script-written cookie that carries the journey (the server helper sets `_reftrace_s`). */
export const COOKIE = '_reftrace';
const FIELDS = ['id', 'ts', 'ref', 'channel', 'source', 'medium', 'campaign', 'term', 'content', 'clickIds', 'landing', 'referrer', 'flags', 'subIds', 'signals'] as const;

const toBase64Url = (text: string): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text: string): string =>
  new TextDecoder().decode(Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));

/**
 * Encodes a journey in at most `maxLength` characters. When it does not fit, what attribution
 * needs is kept first, so that a server reading the cookie pays as the browser would: the first
 * and the last partner touch (first and last click), the same among those without flags (a flag
 * such as `brand_bid` disqualifies a touch), the last and the first touch (last- and first-touch
 * credit, de-duplication against a channel); then the other partner touches and the other
 * touches, newest first. A touch that does not fit even alone is left out.
 */
export const encodeJourney = (journey: Journey, maxLength = 3000): string => {
  const all = journey.touchpoints;
  const encode = (t: Touchpoint[]) =>
    VERSION + toBase64Url(JSON.stringify([journey.anonymousId, journey.userId || 0, t.map((tp) => FIELDS.map((f) => tp[f] ?? 0)), ...(journey.test ? [1] : [])]));
  const whole = encode(all);
  if (whole.length <= maxLength) return whole;
  const partners = all.filter((t) => t.ref);
  const plain = partners.filter((t) => !t.flags?.length);
  const last = (t: Touchpoint[]) => t[t.length - 1];
  const kept = new Set<Touchpoint>();
  const keep = (t: Touchpoint[]) => all.filter((x) => kept.has(x) || t.includes(x));
  for (const t of [partners[0], last(partners), plain[0], last(plain), last(all), all[0], ...partners.reverse(), ...all.slice().reverse()])
    if (t && !kept.has(t) && encode(keep([t])).length <= maxLength) kept.add(t);
  return encode(keep([]));
};

const str = (v: unknown, max = 256): v is string => typeof v == 'string' && v.length > 0 && v.length <= max;
const TEXT = ['source', 'medium', 'campaign', 'term', 'content', 'referrer'] as const;

// A signal is `true` or a count of milliseconds or clicks, under a name the schema knows.
const validSignals = (s: object) =>
  typeof s == 'object' && !Array.isArray(s) && Object.entries(s).every(([k, v]) => /^(automated|framed|hidden|inactive|sinceClick|recentClicks)$/.test(k) && (v === true || (v === +v && v >= 0)));

/**
 * A touchpoint of unknown origin rebuilt from the fields the schema has, by its rules (and
 * capture's, for click ids); `undefined` when malformed.
 * Unknown fields and click ids are left behind, so neither an own `__proto__` key nor a value the
 * collector would refuse reaches the wire.
 */
const validTouch = (t: Touchpoint): Touchpoint | undefined => {
  const ids = t?.clickIds;
  if (
    !t ||
    !str(t.id, 64) ||
    !Number.isSafeInteger(t.ts) ||
    !CHANNELS.includes(t.channel) ||
    !str(t.landing, 2000) ||
    (t.ref != null && !isReferralCode(t.ref)) ||
    (t.flags != null && !(Array.isArray(t.flags) && t.flags.every((f) => str(f, 64)))) ||
    TEXT.some((k) => t[k] != null && !str(t[k])) ||
    (ids != null && (typeof ids != 'object' || Array.isArray(ids) || !Object.values(ids).every((v) => str(v)))) ||
    (t.subIds != null && (typeof t.subIds != 'object' || !Object.entries(t.subIds).every(([k, v]) => SUB_IDS.includes(k as 'sub1') && isSubId(v)))) ||
    (t.signals != null && !validSignals(t.signals))
  )
    return;
  const tp: Touchpoint = { id: t.id, ts: t.ts, channel: t.channel, landing: t.landing };
  if (t.ref) tp.ref = t.ref;
  if (t.flags) tp.flags = [...t.flags];
  for (const k of TEXT) if (t[k]) tp[k] = t[k];
  // Own keys only, and only the names capture knows: `__proto__` is neither.
  for (const [name, v] of Object.entries(ids || {})) if (clickIdNames().includes(name) && isClickId(v)) (tp.clickIds ||= {})[name] = v;
  if (t.subIds) tp.subIds = { ...t.subIds };
  if (t.signals) tp.signals = { ...t.signals };
  return tp;
};

/**
 * Checks a journey of unknown origin (a cookie, storage, a token) field by field and rebuilds it
 * from what it may hold; anything malformed makes it `undefined`.
 */
export const validJourney = (j: Partial<Journey> | undefined): Journey | undefined => {
  if (!j || !str(j.anonymousId, 64) || !Array.isArray(j.touchpoints) || (j.userId != null && !str(j.userId))) return;
  const touchpoints = j.touchpoints.map(validTouch);
  if (touchpoints.every(Boolean))
    return { anonymousId: j.anonymousId, ...(j.userId && { userId: j.userId }), touchpoints: touchpoints as Touchpoint[], ...(j.test === true && { test: true }) };
};

/** The longest value `decodeJourney` accepts: a cookie cannot be much longer. */
export const MAX_VALUE = 4096;

/** Decodes a cookie value; malformed, oversized or other-version values give `undefined`. */
export const decodeJourney = (value: string | undefined): Journey | undefined => {
  // Nothing but base64url after the version: atob would skip whitespace, and the server helper
  // puts a value it accepts into a Set-Cookie header, where a line break throws.
  if (!value || value.length > MAX_VALUE || !value.startsWith(VERSION) || /[^\w-]/.test(value.slice(VERSION.length))) return;
  try {
    const [anonymousId, userId, rows, test] = JSON.parse(fromBase64Url(value.slice(VERSION.length)));
    return validJourney({
      anonymousId,
      ...(userId && { userId }),
      test: test === 1,
      touchpoints: rows.map((row: unknown[]) => {
        const tp: Record<string, unknown> = {};
        // A cookie written before a field existed has no column for it.
        FIELDS.forEach((f, i) => (row[i] ?? 0) !== 0 && (tp[f] = row[i]));
        return tp;
      }),
    });
  } catch {}
};
