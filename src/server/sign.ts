/*
 * HMAC-SHA256 signatures with Web Crypto (Node 20, Deno, Bun, Workers): what reftrace/server
 * writes into a cookie or a token carries one, so the merchant's server can tell its own
 * writing from a script's or a forger's. Only servers hold the secret; the browser never signs.
 */

/** One secret, or a list for rotation: the first signs, any of them verifies. At least 16 characters each. */
export type Secret = string | readonly string[];

/** `signed`: a signature made with one of the secrets; `unsigned`: none at all; `tampered`: one that matches no secret. */
export type Verdict = 'signed' | 'unsigned' | 'tampered';

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/** The secrets as a list, checked once where they are configured: a short or empty secret is a setup error. */
export const secretList = (secret: Secret): readonly string[] => {
  const list = typeof secret == 'string' ? [secret] : secret;
  if (!list.length || list.some((s) => typeof s != 'string' || s.length < 16)) throw TypeError('reftrace: `secret` needs strings of at least 16 characters');
  return list;
};

const key = (secret: string) => {
  let found = keys.get(secret);
  if (!found) keys.set(secret, (found = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])));
  return found;
};

const toBase64Url = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

// The purpose is signed with the value, so a cookie's signature never passes for a token's.
const message = (purpose: string, value: string) => encoder.encode(purpose + '\n' + value);

/** `value.signature`, signed with the first secret for `purpose` (`cookie`, `token`). `value` must not need escaping in a cookie. */
export const sign = async (value: string, secret: Secret, purpose: string): Promise<string> =>
  value + '.' + toBase64Url(await crypto.subtle.sign('HMAC', await key(secretList(secret)[0]), message(purpose, value)));

/**
 * Splits `value.signature` and checks the signature against every secret (`crypto.subtle.verify`
 * compares in constant time): `signed` when one made it, else `tampered`.
 */
export const verify = async (text: string, secret: Secret, purpose: string): Promise<{ value: string; verdict: Exclude<Verdict, 'unsigned'> }> => {
  const dot = text.lastIndexOf('.');
  const value = text.slice(0, dot);
  let mac: Uint8Array<ArrayBuffer>;
  try {
    mac = fromBase64Url(text.slice(dot + 1));
  } catch {
    return { value, verdict: 'tampered' };
  }
  for (const s of secretList(secret)) if (await crypto.subtle.verify('HMAC', await key(s), mac, message(purpose, value))) return { value, verdict: 'signed' };
  return { value, verdict: 'tampered' };
};
