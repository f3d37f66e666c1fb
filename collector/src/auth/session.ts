// Browser sessions for the dashboard and the partner pages: a signed cookie, HttpOnly,
// SameSite=Strict, Secure when the page is served over https. The signing key is derived from the
// admin token, so every collector process behind a load balancer accepts the same sessions with
// no session table, and changing the admin token signs everyone out.
import { createHmac, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';

export interface Session {
  /** `admin` (the merchant) or `partner`. */
  kind: 'admin' | 'partner';
  /** `-` for the admin; the partner token's id (checked against the database on every request). */
  subject: string;
  /** Random per sign-in: the CSRF token is derived from it. */
  nonce: string;
  /** Epoch ms. */
  expires: number;
}

export interface SessionKeys {
  /** HMAC key for the cookie's signature and the CSRF tokens. */
  secret: string;
}

export const ADMIN_COOKIE = 'rt_session';
export const PARTNER_COOKIE = 'rt_partner';
/** A merchant's session lasts a working day; a partner's a week. */
export const ADMIN_TTL = 12 * 3600_000;
export const PARTNER_TTL = 7 * 86_400_000;

export const sessionKeys = (adminToken: string): SessionKeys => ({
  secret: createHmac('sha256', adminToken).update('reftrace dashboard sessions v1').digest('base64url'),
});

/** https directly, or behind a proxy that terminates TLS and says so. */
export const isHttps = (c: Context): boolean => new URL(c.req.url).protocol == 'https:' || c.req.header('x-forwarded-proto') == 'https';

const encode = (s: Session) => [s.kind, s.subject, s.nonce, s.expires].join('.');
const decode = (value: string): Session | undefined => {
  const [kind, subject, nonce, expires, ...rest] = value.split('.');
  if (rest.length || (kind != 'admin' && kind != 'partner') || !subject || !nonce || !/^\d+$/.test(expires)) return undefined;
  return { kind, subject, nonce, expires: +expires };
};

/** Starts a session: sets the cookie (scoped to `path`) and returns it. */
export const startSession = async (
  c: Context,
  keys: SessionKeys,
  { kind, subject, path, now = Date.now() }: { kind: Session['kind']; subject: string; path: string; now?: number },
): Promise<Session> => {
  const ttl = kind == 'admin' ? ADMIN_TTL : PARTNER_TTL;
  const session: Session = { kind, subject, nonce: randomBytes(16).toString('base64url'), expires: now + ttl };
  await setSignedCookie(c, kind == 'admin' ? ADMIN_COOKIE : PARTNER_COOKIE, encode(session), keys.secret, {
    path,
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    maxAge: Math.floor(ttl / 1000),
  });
  return session;
};

/** The request's valid, unexpired session of `kind`, if any. */
export const readSession = async (c: Context, keys: SessionKeys, kind: Session['kind'], now = Date.now()): Promise<Session | undefined> => {
  const value = await getSignedCookie(c, keys.secret, kind == 'admin' ? ADMIN_COOKIE : PARTNER_COOKIE);
  const session = value ? decode(value) : undefined;
  return session && session.kind == kind && session.expires > now ? session : undefined;
};

export const endSession = (c: Context, kind: Session['kind'], path: string): void => {
  deleteCookie(c, kind == 'admin' ? ADMIN_COOKIE : PARTNER_COOKIE, { path, secure: isHttps(c), httpOnly: true, sameSite: 'Strict' });
};

/** A local path to return to after signing in; anything else (another origin, `//host`) is `fallback`. */
export const localPath = (next: unknown, fallback: string): string =>
  typeof next == 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
