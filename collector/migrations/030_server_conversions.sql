-- Server-side conversions, lead binding and test mode. Idempotent (IF NOT EXISTS), so a file
-- half applied by hand runs again cleanly, on PGlite and on Postgres alike.

-- Test events (`test: true`): stored, counted apart, never paid.
ALTER TABLE events ADD COLUMN IF NOT EXISTS test boolean NOT NULL DEFAULT false;

-- What bound the customer: `lead` (a signup or lead credited to a partner: provisional, it credits
-- the customer's conversions without a partner of their own for the rules' `binding.days`) or
-- `sale` (their first paid sale: final, the start of the recurring months). Rows from before this
-- file were all made by sales.
ALTER TABLE customers ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'sale';

-- The journey the collector holds for a visitor (GET /api/journeys/<id>, server conversions by referral id).
CREATE INDEX IF NOT EXISTS events_click_visitor ON events (anonymous_id, at) WHERE type = 'click';
