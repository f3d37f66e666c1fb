-- Fraud rules: who sent a click (a keyed hash of the client's address and user agent, never the
-- address itself), why a conversion is held, and who decided on it.
ALTER TABLE events ADD COLUMN IF NOT EXISTS client text;
CREATE INDEX IF NOT EXISTS events_click_client ON events (ref, client, at) WHERE type = 'click' AND client IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_conversion_visitor ON events (anonymous_id, at) WHERE type = 'conversion';
CREATE INDEX IF NOT EXISTS events_identify_visitor ON events (anonymous_id) WHERE type = 'identify';
-- [{ "rule": "click_flood", "reason": "…" }]: why the conversion is held (status review).
ALTER TABLE conversions ADD COLUMN IF NOT EXISTS reasons jsonb NOT NULL DEFAULT '[]';
-- A reviewer's decision: when, and their note.
ALTER TABLE conversions ADD COLUMN IF NOT EXISTS reviewed_at bigint;
ALTER TABLE conversions ADD COLUMN IF NOT EXISTS review_note text;
