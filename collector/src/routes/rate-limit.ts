import type { MiddlewareHandler } from 'hono';
import { clientAddress } from './client.js';

export interface RateLimitOptions {
  /** Requests per address per window; 0 turns the limit off. Default 600. */
  limit?: number;
  /** Window length in ms. Default 60,000. */
  windowMs?: number;
  /** Trust `X-Forwarded-For` for the address (behind a proxy you run). Default false. */
  trustProxy?: boolean;
  now?: () => number;
}

/**
 * A fixed window per client address, in memory (per collector process): 600 requests a minute
 * by default, ten a second sustained, far above a browser's few batches per page and loose
 * enough for a shop's visitors behind one office NAT. Over it: 429 with `Retry-After`, which
 * the SDK honours.
 */
export const rateLimit = ({ limit = 600, windowMs = 60_000, trustProxy = false, now = Date.now }: RateLimitOptions = {}): MiddlewareHandler => {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return async (c, next) => {
    if (!limit) return next();
    const time = now();
    // Forget finished windows when the map grows, so many addresses cannot grow it without bound.
    if (windows.size > 10_000) for (const [key, w] of windows) if (w.resetAt <= time) windows.delete(key);
    const address = clientAddress(c, trustProxy);
    let w = windows.get(address);
    if (!w || w.resetAt <= time) windows.set(address, (w = { count: 0, resetAt: time + windowMs }));
    if (++w.count > limit) {
      const seconds = String(Math.ceil((w.resetAt - time) / 1000));
      return c.text('too many requests from this address', 429, { 'retry-after': seconds });
    }
    return next();
  };
};
