/** Reads one cookie of this page; `undefined` when absent or when cookies are blocked. */
export const readCookie = (name: string): string | undefined => {
  try {
    for (const part of document.cookie.split('; ')) if (part.startsWith(name + '=')) return part.slice(name.length + 1);
  } catch {
    // Sandboxed frames and some privacy modes throw on document.cookie.
  }
};

/**
 * Writes a first-party cookie: `SameSite=Lax` so it rides along on a partner's top-level link,
 * `Secure` on https, path `/`, on `domain` when given (all subdomains), for `days`
 * (0 deletes). Never throws.
 */
export const writeCookie = (name: string, value: string, days: number, domain?: string): void => {
  try {
    document.cookie =
      `${name}=${value};path=/;max-age=${Math.round(days * 86400)};SameSite=Lax` +
      (domain ? ';domain=' + domain : '') +
      (location.protocol == 'https:' ? ';Secure' : '');
  } catch {
    // Blocked cookies fall back to the other layers.
  }
};

const cache: Record<string, string> = {};
// Hosts without a registrable domain: IP addresses and single labels such as `localhost`.
const BARE = /^[\d.]+$|:|^[^.]+$/;

/**
 * The registrable domain ("eTLD+1") of `host`, found the way the browser itself decides it: the
 * shortest parent domain that accepts a cookie (a public suffix like `co.uk` refuses it). This
 * avoids shipping the 200 KB Public Suffix List. IP addresses and single-label hosts such as
 * `localhost` get '' (a host-only cookie).
 */
export const registrableDomain = (host: string): string => {
  if (host in cache) return cache[host];
  let found = '';
  if (!BARE.test(host)) {
    const labels = host.split('.');
    for (let i = labels.length - 2; i >= 0 && !found; i--) {
      const candidate = labels.slice(i).join('.');
      writeCookie('_rt_probe', '1', 1 / 1440, candidate);
      if (readCookie('_rt_probe')) found = candidate;
      writeCookie('_rt_probe', '', 0, candidate);
    }
  }
  return (cache[host] = found);
};

/**
 * A stand-in for `registrableDomain` while no cookie may be written to probe (consent pending):
 * the last two labels. Under a public suffix of two labels (`shop.co.uk`) it takes a sister
 * site for the same site, so what it decides is decided again once the probe may run.
 */
export const likelySite = (host: string): string => (BARE.test(host) ? '' : host.split('.').slice(-2).join('.'));
