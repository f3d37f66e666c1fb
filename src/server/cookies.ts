
export interface CookieOptions {
  /** Cookie domain, e.g. `shop.com` to share it with every subdomain. Default: this host only. */
  domain?: string;
  /** Lifetime in days; match the tracker's `windowDays`. Default 30. */
  windowDays?: number;
  /** Default: when the request arrived over https (set it behind a TLS-terminating proxy). */
  secure?: boolean;
}

/** One `Set-Cookie` value, with the attributes the script itself writes (`SameSite=Lax`: it rides along on a partner's link). */
export const setCookie = (name: string, value: string, request: Request, { domain, windowDays = 30, secure }: CookieOptions): string =>
  `${name}=${value}; Path=/; Max-Age=${value ? Math.round(windowDays * 86400) : 0}; SameSite=Lax` +
  (domain ? '; Domain=' + domain : '') +
  ((secure ?? new URL(request.url).protocol == 'https:') ? '; Secure' : '');
