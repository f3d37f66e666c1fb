/** Where a partner shares a link; each fills `utm_source` and `utm_medium` by default. */
export type Platform = 'email' | 'x' | 'facebook' | 'linkedin' | 'whatsapp' | 'reddit' | 'sms' | 'qr' | 'copy';

/** `utm_source` and `utm_medium` per platform (docs/links.md); a link's own `utm` wins. */
export const PLATFORMS: Record<Platform, { source: string; medium: string }> = {
  email: { source: 'email', medium: 'email' },
  x: { source: 'x', medium: 'social' },
  facebook: { source: 'facebook', medium: 'social' },
  linkedin: { source: 'linkedin', medium: 'social' },
  whatsapp: { source: 'whatsapp', medium: 'messaging' },
  reddit: { source: 'reddit', medium: 'social' },
  sms: { source: 'sms', medium: 'sms' },
  qr: { source: 'qr', medium: 'offline' },
  copy: { source: 'link', medium: 'referral' },
};

const e = encodeURIComponent;

// Each platform's documented share endpoint. X, Facebook and LinkedIn take the URL on its own
// (Facebook and LinkedIn ignore any text); the others carry the text and the link together.
const INTENTS: Partial<Record<Platform, (link: string, text: string) => string>> = {
  x: (link, text) => `https://x.com/intent/tweet?url=${e(link)}${text && '&text=' + e(text)}`,
  facebook: (link) => `https://www.facebook.com/sharer/sharer.php?u=${e(link)}`,
  linkedin: (link) => `https://www.linkedin.com/sharing/share-offsite/?url=${e(link)}`,
  whatsapp: (link, text) => `https://wa.me/?text=${e(text ? text + ' ' + link : link)}`,
  reddit: (link, text) => `https://www.reddit.com/submit?url=${e(link)}${text && '&title=' + e(text)}`,
  // RFC 6068: %20 for spaces (never +), the link in the body.
  email: (link, text) => `mailto:?${text && 'subject=' + e(text) + '&'}body=${e(text ? text + '\n\n' + link : link)}`,
  // `?&body=` is the form both iOS and Android read.
  sms: (link, text) => `sms:?&body=${e(text ? text + ' ' + link : link)}`,
};

/**
 * The platform's own share URL for a link (build the link with the same `platform` first, so
 * the visit is tagged): an X post, a Facebook or LinkedIn share, a WhatsApp message, a Reddit
 * submission, a `mailto:` or an `sms:`. `qr` and `copy` have no share URL: a `TypeError`.
 */
export const shareIntent = (link: string, platform: Platform, text = ''): string => {
  const intent = INTENTS[platform];
  if (!intent) throw TypeError(`reftrace: no share intent for "${platform}"` + (platform in PLATFORMS ? ' (use the link itself, or qrSvg)' : ''));
  if (typeof link != 'string' || !/^https?:\/\//i.test(link)) throw TypeError(`reftrace: not an http(s) link: "${link}"`);
  return intent(link, typeof text == 'string' ? text : '');
};
