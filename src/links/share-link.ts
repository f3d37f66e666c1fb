import { readLanding } from '../capture/landing';
import { isReferralCode, REF_PARAMS } from '../capture/referral-code';
import { isSubId, SUB_IDS, type SubIdKey, type SubIds } from '../capture/sub-ids';
import { PLATFORMS, type Platform } from './platforms';

/** Campaign tags, written as `utm_source`… */
export interface Utm {
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
}

export interface ShareLinkOptions {
  /** The partner's referral code. */
  ref: string;
  /** The parameter the shop reads it from (one of its tracker's `params`). Default `ref`. */
  param?: string;
  subIds?: SubIds;
  utm?: Utm;
  /** Fills `utm_source` and `utm_medium` by its preset (docs/links.md) unless `utm` sets them. */
  platform?: Platform;
}

export interface ParsedShareLink {
  /** The referral code the SDK would capture, if any. */
  ref?: string;
  subIds: SubIds;
  utm: Utm;
  /** The link without its referral parameters, sub-ids and campaign tags. */
  target: string;
}

const UTM = ['source', 'medium', 'campaign', 'term', 'content'] as const;

const fail = (message: string): never => {
  throw TypeError('reftrace: ' + message);
};

const toUrl = (url: string | URL): URL => {
  try {
    return new URL(url);
  } catch {
    return fail(`not a URL: "${url}"`);
  }
};

const decode = (name: string) => {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
};

/** Sets the query to `pairs` after the pairs of the current query not in `names`, which are kept byte for byte. */
const rewriteQuery = (url: URL, names: Set<string>, pairs: [string, string][] = []): URL => {
  const kept = url.search.slice(1).split('&').filter((pair) => pair && !names.has(decode(pair.split('=')[0])));
  url.search = [...kept, ...pairs.map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v))].join('&');
  return url;
};

/**
 * A partner's share link: `target` (its own query and `#hash` kept) with the referral code,
 * sub-ids and campaign tags added; a parameter already there is replaced, never duplicated. The
 * target's own sub-ids are removed too: they belong to whoever made that link. Anything that
 * would not track (a code or a sub-id the SDK refuses on landing, a target that is not http(s),
 * an unknown platform or tag) throws a `TypeError` saying what is wrong.
 */
export const buildShareLink = (target: string | URL, { ref, param = 'ref', subIds = {}, utm = {}, platform }: ShareLinkOptions): string => {
  const url = toUrl(target);
  if (!/^https?:$/.test(url.protocol)) fail(`not an http(s) target: "${target}"`);
  if (typeof ref != 'string' || !isReferralCode(ref)) fail(`not a referral code the SDK accepts (1 to 64 letters, digits or -_.~): "${ref}"`);
  if (typeof param != 'string' || !/^[^\s&=#?]+$/.test(param) || SUB_IDS.includes(param as SubIdKey) || param.startsWith('utm_'))
    fail(`not a referral parameter: "${param}"`);
  for (const [key, value] of Object.entries(subIds))
    if (!SUB_IDS.includes(key as SubIdKey)) fail(`not a sub-id: "${key}" (sub1 to sub5)`);
    else if (value != null && !isSubId(value)) fail(`${key} would be dropped on landing (1 to 100 characters, no control characters, no @): "${value}"`);
  const preset = platform == null ? {} : PLATFORMS[platform] || fail(`unknown platform: "${platform}"`);
  const tags: Utm = { ...preset, ...utm };
  for (const [key, value] of Object.entries(tags))
    if (!UTM.includes(key as 'source')) fail(`not a campaign tag: "${key}" (${UTM.join(', ')})`);
    else if (value != null && (typeof value != 'string' || !value || value.length > 200)) fail(`utm_${key} must be 1 to 200 characters: "${value}"`);
  const pairs: [string, string][] = [
    [param, ref],
    ...SUB_IDS.filter((k) => subIds[k] != null).map((k): [string, string] => [k, subIds[k]!]),
    ...UTM.filter((k) => tags[k] != null).map((k): [string, string] => ['utm_' + k, tags[k]!]),
  ];
  return rewriteQuery(url, new Set([...SUB_IDS, ...pairs.map(([k]) => k)]), pairs).href;
};

/**
 * What the SDK would capture from a link on landing (`params` and `subParams` as the tracker's),
 * and the link without those parameters: the inverse of `buildShareLink`, for portals and tests.
 */
export const parseShareLink = (
  link: string | URL,
  { params = REF_PARAMS, subParams = {} }: { params?: string[]; subParams?: Record<string, SubIdKey> } = {},
): ParsedShareLink => {
  const url = toUrl(link);
  const { landing } = readLanding(url.href, '', params, url.hostname, subParams);
  const utm: Utm = {};
  for (const k of UTM) if (landing?.[k] != null) utm[k] = landing[k];
  const tracking = new Set([...params, ...SUB_IDS, ...Object.keys(subParams), ...UTM.map((k) => 'utm_' + k)]);
  return { ref: landing?.ref, subIds: landing?.subIds || {}, utm, target: rewriteQuery(url, tracking).href };
};
