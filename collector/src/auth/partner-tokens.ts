// Partner tokens: what opens a partner's own page. The merchant issues and revokes them through
// the API; the token is shown once and only its SHA-256 is stored, so a leaked database opens
// no partner page.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../storage/database.js';

export interface PartnerToken {
  id: string;
  ref: string;
  createdAt: number;
  revokedAt: number | null;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const row = (r: Record<string, any>): PartnerToken => ({ id: r.id, ref: r.ref, createdAt: r.created_at, revokedAt: r.revoked_at });

/** The SDK's rule for a referral code: 1–64 letters, digits or `-_.~`. */
export const isPartnerCode = (ref: string): boolean => /^[\p{L}\p{N}\-_.~]{1,64}$/u.test(ref);

/** Issues a token for `ref`: the secret (`rtp_…`), returned this once, and its record. */
export const issueToken = async (db: Queryable, ref: string, now = Date.now()): Promise<PartnerToken & { token: string }> => {
  const token = 'rtp_' + randomBytes(24).toString('base64url');
  const id = 'ptk_' + randomBytes(6).toString('hex');
  await db.query(`INSERT INTO partner_tokens (id, ref, token_hash, created_at) VALUES ($1, $2, $3, $4)`, [id, ref, hash(token), now]);
  return { id, ref, createdAt: now, revokedAt: null, token };
};

export const listTokens = async (db: Queryable, ref: string): Promise<PartnerToken[]> =>
  (await db.query(`SELECT id, ref, created_at, revoked_at FROM partner_tokens WHERE ref = $1 ORDER BY created_at, id`, [ref])).map(row);

/** Revokes a token of `ref`; false when `ref` has no such token. Revoking twice keeps the first time. */
export const revokeToken = async (db: Queryable, ref: string, id: string, now = Date.now()): Promise<boolean> =>
  (await db.query(`UPDATE partner_tokens SET revoked_at = coalesce(revoked_at, $3) WHERE id = $1 AND ref = $2 RETURNING id`, [id, ref, now])).length > 0;

/** The live token a secret opens, if any. */
export const tokenBySecret = async (db: Queryable, token: string): Promise<PartnerToken | undefined> => {
  if (!token.startsWith('rtp_') || token.length > 100) return undefined;
  const [r] = await db.query(`SELECT id, ref, created_at, revoked_at FROM partner_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, [hash(token)]);
  return r ? row(r) : undefined;
};

/** The live token with this id, if any (a partner session names its token by id). */
export const tokenById = async (db: Queryable, id: string): Promise<PartnerToken | undefined> => {
  const [r] = await db.query(`SELECT id, ref, created_at, revoked_at FROM partner_tokens WHERE id = $1 AND revoked_at IS NULL`, [id]);
  return r ? row(r) : undefined;
};
