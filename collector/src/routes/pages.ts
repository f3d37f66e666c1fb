// What every HTML route shares: the security headers (a strict Content-Security-Policy: scripts,
// styles, images only from this origin, nothing inline), the reader's locale, form bodies with a
// size limit, and the CSRF check.
import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { csrfMatches, csrfToken } from '../auth/csrf.js';
import type { Session, SessionKeys } from '../auth/session.js';
import type { View } from '../pages/layout.js';
import { readBody } from './body.js';

/** The headers of every page. `data:` images are the QR code's fallback only; nothing else is allowed. */
export const pageHeaders: MiddlewareHandler = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  referrerPolicy: 'same-origin',
  crossOriginEmbedderPolicy: false,
  strictTransportSecurity: false,
});

/** Pages show live figures: never from a cache. */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('cache-control', 'no-store');
};

/** Form posts from another origin are refused (Origin and Sec-Fetch-Site; Hono's middleware). */
export const sameOrigin: MiddlewareHandler = csrf();

/** The first locale of Accept-Language that Intl supports, else en-US. */
export const localeOf = (c: Context): string => {
  for (const part of (c.req.header('accept-language') ?? '').split(',').slice(0, 5)) {
    const tag = part.split(';')[0].trim();
    try {
      if (tag && tag != '*' && Intl.NumberFormat.supportedLocalesOf(tag).length) return Intl.getCanonicalLocales(tag)[0];
    } catch {
      // Not a language tag: try the next one.
    }
  }
  return 'en-US';
};

export const viewOf = (c: Context, keys: SessionKeys, session: Session): View => ({
  locale: localeOf(c),
  csrf: csrfToken(keys, session),
  path: c.req.path,
});

/** A form post's fields (at most 16 KiB), or undefined when it is too large. */
export const readForm = async (c: Context): Promise<URLSearchParams | undefined> => {
  const text = await readBody(c.req.raw, 16 * 1024);
  return text === undefined ? undefined : new URLSearchParams(text);
};

/** The form's fields when its CSRF token is this session's; otherwise answers 403. */
export const checkedForm = async (c: Context, keys: SessionKeys, session: Session): Promise<URLSearchParams | Response> => {
  const form = await readForm(c);
  if (!form) return c.text('Form too large', 413);
  return csrfMatches(keys, session, form.get('csrf')) ? form : c.text('Forbidden: the form is stale or from another site. Reload the page and try again.', 403);
};
