-- Tokens that open a partner's own page (/p/<ref>). Only the SHA-256 of the secret is kept.
CREATE TABLE partner_tokens (
  id text PRIMARY KEY,
  ref text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at bigint NOT NULL,
  revoked_at bigint
);
CREATE INDEX partner_tokens_ref ON partner_tokens (ref);
