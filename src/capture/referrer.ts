/** What kind of site a visit came from. */
export type ReferrerKind = 'none' | 'same' | 'search' | 'social' | 'email' | 'other';

// Host patterns, matched against the referrer host with its `www.`/`m.` prefix removed.
const SEARCH = /(^|\.)(google|bing|yahoo|duckduckgo|baidu|yandex|ecosia|naver|seznam|qwant|startpage|sogou)\.|^search\.brave\.com$/;
const SOCIAL = /(^|\.)(facebook|fb|instagram|twitter|linkedin|lnkd|reddit|pinterest|tiktok|youtube|threads|snapchat|quora|tumblr|vk|weibo|discord|whatsapp|telegram|mastodon)\.|^(t\.co|x\.com)$/;
const EMAIL = /^(mail\.google|outlook\.(live|office)|mail\.yahoo|mail\.proton|app\.fastmail)\./;

/**
 * Classifies a referrer URL relative to the site: `same` when the referrer host is the site's
 * registrable domain or one of its subdomains, so moving between `www.` and `checkout.` of one
 * shop is not a new visit.
 */
export const classifyReferrer = (referrer: string, siteDomain: string): { kind: ReferrerKind; host?: string } => {
  let host: string;
  try {
    host = new URL(referrer).hostname.toLowerCase();
  } catch {
    return { kind: 'none' };
  }
  if (!host) return { kind: 'none' };
  if (host == siteDomain || host.endsWith('.' + siteDomain)) return { kind: 'same', host };
  const bare = host.replace(/^(www|m)\./, '');
  const kind = EMAIL.test(bare) ? 'email' : SEARCH.test(bare) ? 'search' : SOCIAL.test(bare) ? 'social' : 'other';
  return { kind, host };
};
