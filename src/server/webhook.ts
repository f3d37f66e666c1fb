/*
 * Signed JSON webhooks to a partner's own server, in the scheme Stripe made familiar: the header
 * `Reftrace-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The timestamp is
 * signed with the body, so a captured request cannot be replayed later. Web Crypto only: runs in
 * Node 20+, Deno, Bun and edge runtimes.
 */

/** The header that carries the signature. */
export const WEBHOOK_HEADER = 'Reftrace-Signature';

const encoder = new TextEncoder();

const key = (secret: string, usage: 'sign' | 'verify') => {
  if (typeof secret != 'string' || !secret) throw TypeError('reftrace: a webhook needs a non-empty secret');
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
};

/** The `Reftrace-Signature` value for `body` (the exact bytes you send), signed now or at `timestamp` (unix seconds). */
export const signWebhook = async (body: string, secret: string, { timestamp = Math.floor(Date.now() / 1000) } = {}): Promise<string> => {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await key(secret, 'sign'), encoder.encode(`${timestamp}.${body}`)));
  return `t=${timestamp},v1=${Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')}`;
};

/**
 * Whether `header` is a valid signature of `body` (the raw body, before any JSON parsing) under
 * `secret`, made within `toleranceSeconds` (default 300) of now. Several `v1=` entries (a secret
 * being rotated) pass if any matches. The comparison is Web Crypto's `verify`, in constant time.
 */
export const verifyWebhook = async (
  body: string,
  header: string | null | undefined,
  secret: string,
  { toleranceSeconds = 300, now = Date.now() } = {},
): Promise<boolean> => {
  const verifier = await key(secret, 'verify');
  const parts = (header || '').split(',').map((part) => part.trim().split('='));
  const t = parts.find(([k]) => k == 't')?.[1] || '';
  if (!/^\d{1,12}$/.test(t) || Math.abs(now / 1000 - +t) > toleranceSeconds) return false;
  const data = encoder.encode(`${t}.${body}`);
  for (const [k, v] of parts)
    if (k == 'v1' && /^[\da-f]{64}$/.test(v) && (await crypto.subtle.verify('HMAC', verifier, Uint8Array.from(v.match(/../g)!, (h) => parseInt(h, 16)), data)))
      return true;
  return false;
};
