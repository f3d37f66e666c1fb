// Cross-site request forgery, three fences: the session cookie is SameSite=Strict (a cross-site
// form post arrives without it); Hono's `csrf()` refuses form posts whose Origin or
// Sec-Fetch-Site is another site; and every form of a session carries a token derived from the
// session's nonce, checked here, for browsers that send neither header.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Session, SessionKeys } from './session.js';

export const csrfToken = (keys: SessionKeys, session: Session): string =>
  createHmac('sha256', keys.secret).update('csrf.' + session.nonce).digest('base64url');

/** Whether `presented` is this session's token, compared in constant time. */
export const csrfMatches = (keys: SessionKeys, session: Session, presented: unknown): boolean => {
  if (typeof presented != 'string') return false;
  const expected = Buffer.from(csrfToken(keys, session));
  const given = Buffer.from(presented);
  return given.length == expected.length && timingSafeEqual(given, expected);
};
