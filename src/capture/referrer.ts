/** The channel a referrer implies on its own: `direct` for no referrer and for the site itself. */
export type ReferrerKind = 'direct' | 'organic_search' | 'organic_social' | 'email' | 'referral';

// Host patterns, matched against the referrer host with its `www.`/`m.` prefix removed.
const SEARCH = /(^|\.)(google|bing|yahoo|duckduckgo|baidu|yandex|ecosia|naver|seznam|qwant|startpage|sogou)\.|^search\.brave\.com$/;
const SOCIAL = /(^|\.)(facebook|fb|instagram|twitter|linkedin|lnkd|reddit|pinterest|tiktok|youtube|threads|snapchat|quora|tumblr|vk|weibo|discord|whatsapp|telegram|mastodon)\.|^(t\.co|x\.com)$/;
const EMAIL = /^(mail\.google|outlook\.(live|office)|mail\.yahoo|mail\.proton|app\.fastmail)\./;

/**
 * Classifies a referrer URL relative to the site, with the host of an external referrer. A
 * referrer on the site's registrable domain or one of its subdomains counts as no referrer, so
 * moving between `www.` and `checkout.` of one shop is not a new visit.
 */
export const classifyReferrer = (referrer: string, siteDomain: string): { kind: ReferrerKind; host?: string } => {
  let host: string;
  try {
    host = new URL(referrer).hostname.toLowerCase();
  } catch {
    host = '';
  }
  if (!host || host == siteDomain || host.endsWith('.' + siteDomain)) return { kind: 'direct' };
  const bare = host.replace(/^(www|m)\./, '');
  const kind = EMAIL.test(bare) ? 'email' : SEARCH.test(bare) ? 'organic_search' : SOCIAL.test(bare) ? 'organic_social' : 'referral';
  return { kind, host };
};
