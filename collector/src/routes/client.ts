import type { Context } from 'hono';

/**
 * The client's address: the socket's peer under @hono/node-server, or the first
 * `X-Forwarded-For` hop when the collector runs behind a proxy it trusts. `unknown` where the
 * runtime exposes neither (requests made in-process, some edge runtimes).
 */
export const clientAddress = (c: Context, trustProxy: boolean): string => {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0].trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
};
