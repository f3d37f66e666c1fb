import type { Channel, Touchpoint } from '../types';
import { channelOf } from './channel';
import { CLICK_ID_GROUPS } from './click-ids';
import { isReferralCode } from './referral-code';
import { classifyReferrer } from './referrer';
import { isSubId, SUB_IDS, type SubIdKey, type SubIds } from './sub-ids';

/** A touchpoint as read from a page, before it gets an id and a time. Absent fields are `undefined`. */
export type Landing = Omit<Touchpoint, 'id' | 'ts'>;

export interface CaptureResult {
  landing?: Landing;
  /** A referral parameter whose value failed validation: reported in debug mode, never sent. */
  rejected?: string;
  /** Sub-id parameters whose value failed validation (`name=value`): reported in debug mode, never sent. */
  dropped?: string[];
}

// Click ids are opaque tokens; a longer value is damaged or hostile and useless to the network.
const CLICK_ID = /^[\w\-.~=:%]{1,256}$/;

/**
 * Reads the attribution signal of a page: referral code, UTM tags and click ids from the query
 * and from the hash fragment (`#ref=…`, `#/route?ref=…`), and the kind of referrer. Returns no
 * landing for direct and same-site visits. Only tracking parameters are kept: whatever else the
 * URL carries (e-mail addresses, tokens, session ids) never leaves this function. `subParams`
 * maps a program's own sub-id parameters (`aff_sub`, `subid`) to `sub1`…`sub5`; the canonical
 * name wins over an alias.
 */
export const readLanding = (
  href: string,
  referrer: string,
  refParams: string[],
  siteDomain: string,
  subParams: Record<string, SubIdKey> = {},
): CaptureResult => {
  const url = new URL(href);
  const hash = url.hash.slice(1);
  const query = new URLSearchParams(url.search);
  new URLSearchParams(hash.slice(hash.indexOf('?') + 1)).forEach((v, k) => query.has(k) || query.set(k, v));

  const kept = new URLSearchParams();
  const take = (name: string, ok: (v: string) => unknown) => {
    const v = query.get(name);
    if (v != null && ok(v)) return kept.set(name, v), v;
  };
  let ref: string | undefined;
  let rejected: string | undefined;
  for (const p of refParams) if (!ref && query.has(p)) ref = take(p, isReferralCode) || void (rejected = query.get(p)!);
  // Created with the first valid id, so a landing without any has none.
  let clickIds: Record<string, string> | undefined;
  // The first group holding a valid id decides the channel the click ids imply.
  let clickChannel: Channel | undefined;
  for (const [channel, names] of CLICK_ID_GROUPS)
    for (const n of names) take(n, (v) => CLICK_ID.test(v) && ((clickChannel ||= channel), ((clickIds ||= {})[n] = v)));
  let subIds: SubIds | undefined;
  let dropped: string[] | undefined;
  for (const n of [...SUB_IDS, ...Object.keys(subParams)]) {
    const key = (subParams[n] || n) as SubIdKey;
    const v = query.get(n);
    // An alias naming no sub-id, or a slot already filled, is not read at all.
    if (v != null && SUB_IDS.includes(key) && !subIds?.[key]) take(n, isSubId) ? ((subIds ||= {})[key] = v) : (dropped ||= []).push(n + '=' + v);
  }
  const [source, medium, campaign, term, content] = ['source', 'medium', 'campaign', 'term', 'content'].map((k) =>
    take('utm_' + k, Boolean)?.slice(0, 200),
  );
  const { kind, host } = classifyReferrer(referrer, siteDomain);
  const qs = kept + '';
  return {
    rejected,
    dropped,
    landing:
      qs || host
        ? {
            ref,
            channel: channelOf(ref, medium, source, clickChannel, kind),
            source,
            medium,
            campaign,
            term,
            content,
            clickIds,
            subIds,
            // The store's limit: a longer landing would make it refuse the whole journey.
            landing: (url.pathname.slice(0, 200) + (qs && '?' + qs)).slice(0, 2000),
            referrer: host,
          }
        : undefined,
  };
};
