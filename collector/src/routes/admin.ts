import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Compares a presented token with the admin token in constant time: both are hashed first, so
 * neither the content nor the length of the secret leaks through timing.
 */
export const tokenMatches = (presented: string, token: string): boolean => timingSafeEqual(digest(presented), digest(token));

/** Whether the request carries `Authorization: Bearer <admin token>`. */
export const hasAdminToken = (c: Context, token: string): boolean => {
  const header = c.req.header('authorization') ?? '';
  return header.startsWith('Bearer ') && tokenMatches(header.slice(7).trim(), token);
};

/** 401 for any request that `isAdmin` does not accept (by default: the bearer token). */
export const requireAdmin = (token: string, isAdmin = (c: Context) => hasAdminToken(c, token)): MiddlewareHandler =>
  async (c, next) =>
    isAdmin(c) ? next() : c.json({ error: 'unauthorized: send Authorization: Bearer <admin token>' }, 401, { 'www-authenticate': 'Bearer' });
