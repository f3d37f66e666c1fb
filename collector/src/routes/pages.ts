// What every HTML route shares: the security headers (a strict Content-Security-Policy: scripts,
// styles, images only from this origin, nothing inline), the reader's locale, form bodies with a
// size limit, and the CSRF check.
import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { csrfMatches, csrfToken } from '../auth/csrf.js';
import type { Session, SessionKeys } from '../auth/session.js';
import { h } from '../pages/html.js';
import { publicPage, type View } from '../pages/layout.js';
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

const crossSite = csrf();

/** Form posts from another origin are refused with a 403 (Origin and Sec-Fetch-Site; Hono's middleware). */
export const sameOrigin: MiddlewareHandler = async (c, next) => {
  try {
    await crossSite(c, async () => {});
  } catch (error) {
    if (error instanceof HTTPException) return error.getResponse();
    throw error;
  }
  return next();
};

/**
 * What a page answers when something below it fails: the error's own response (a refused
 * form), else 503, since a page's handlers fail only through the database.
 */
export const pageError = (error: Error, c: Context): Response => {
  if (error instanceof HTTPException) return error.getResponse();
  console.error('[reftrace-collector]', error);
  return c.html(publicPage({ title: 'Unavailable', body: h`<h1>Unavailable</h1><p>The collector cannot reach its database. Try again in a moment.</p>` }), 503, { 'retry-after': '5' });
};

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
