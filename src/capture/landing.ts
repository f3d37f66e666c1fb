import type { Touchpoint } from '../types';
import { channelOf } from './channel';
import { clickIdNames } from './click-ids';
import { isReferralCode } from './referral-code';
import { classifyReferrer } from './referrer';

/** A touchpoint as read from a page, before it gets an id and a time. */
export type Landing = Omit<Touchpoint, 'id' | 'ts'>;

export interface CaptureResult {
  landing?: Landing;
  /** A referral parameter whose value failed validation: reported in debug mode, never sent. */
  rejected?: string;
}

const UTM = ['source', 'medium', 'campaign', 'term', 'content'] as const;
// Click ids are opaque tokens; a longer value is damaged or hostile and useless to the network.
const CLICK_ID = /^[\w\-.~=:%]{1,256}$/;

/**
 * Reads the attribution signal of a page: referral code, UTM tags and click ids from the query
 * and from the hash fragment (`#ref=…`, `#/route?ref=…`), and the kind of referrer. Returns no
 * landing for direct and same-site visits. Only tracking parameters are kept: whatever else the
 * URL carries (e-mail addresses, tokens, session ids) never leaves this function.
 */
export const readLanding = (href: string, referrer: string, refParams: string[], siteDomain: string): CaptureResult => {
  const url = new URL(href);
  const hash = url.hash.slice(1);
  const query = new URLSearchParams(url.search);
  new URLSearchParams(hash.slice(hash.indexOf('?') + 1)).forEach((v, k) => query.has(k) || query.set(k, v));

  const kept = new URLSearchParams();
  const take = (name: string, ok: (v: string) => boolean) => {
    const v = query.get(name);
    if (v != null && ok(v)) return kept.set(name, v), v;
  };
  const result: CaptureResult = {};
  let ref: string | undefined;
  for (const p of refParams) {
    const v = query.get(p);
    if (v != null && !ref) (ref = take(p, isReferralCode)) || (result.rejected = v);
  }
  const clickIds: Record<string, string> = {};
  for (const n of clickIdNames()) {
    const v = take(n, (v) => CLICK_ID.test(v));
    if (v) clickIds[n] = v;
  }
  const utm: Record<string, string> = {};
  for (const k of UTM) {
    const v = take('utm_' + k, Boolean);
    if (v) utm[k] = v.slice(0, 200);
  }
  const { kind, host } = classifyReferrer(referrer, siteDomain);
  const qs = kept.toString();
  if (qs || (kind != 'none' && kind != 'same'))
    result.landing = {
      ...(ref && { ref }),
      channel: channelOf(ref, utm.medium, utm.source, clickIds, kind),
      ...utm,
      ...(Object.keys(clickIds).length ? { clickIds } : {}),
      landing: url.pathname.slice(0, 200) + (qs && '?' + qs),
      ...(kind != 'same' && host && { referrer: host }),
    };
  return result;
};
