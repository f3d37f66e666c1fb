-- The collector's tables. Times are epoch milliseconds (bigint), money integer minor units.

-- Every stored event, exactly once: `id` is the SDK's idempotency key.
CREATE TABLE events (
  id text PRIMARY KEY,
  type text NOT NULL,
  anonymous_id text NOT NULL,
  user_id text,
  -- The partner: a click's referral code, a conversion's recomputed award.
  ref text,
  -- Device clock: when it happened, when this delivery left.
  ts bigint NOT NULL,
  sent_at bigint,
  -- Collector clock: arrival, and `ts` corrected for the device's skew (ts + received_at - sent_at).
  received_at bigint NOT NULL,
  at bigint NOT NULL,
  -- How it arrived: `post` (the SDK's batch), `pixel` (GET ?d=), or what a mounted handler names.
  via text NOT NULL,
  body jsonb NOT NULL
);
CREATE INDEX events_type_at ON events (type, at);
CREATE INDEX events_ref_at ON events (ref, at) WHERE ref IS NOT NULL;

-- One row per conversion event; what it earns.
CREATE TABLE conversions (
  event_id text PRIMARY KEY REFERENCES events (id),
  order_id text,
  -- The order id of the conversion that counts; NULL on duplicates, so the unique index lets
  -- exactly one conversion per order earn, whichever collector process stored it first.
  order_key text UNIQUE,
  type text NOT NULL,
  amount bigint NOT NULL,
  currency text,
  ref text,
  user_id text,
  anonymous_id text NOT NULL,
  at bigint NOT NULL,
  commission bigint NOT NULL DEFAULT 0,
  commission_currency text,
  -- Which rule priced it: sale_percent, sale_flat, lead_flat, recurring, none, ...
  rule text NOT NULL,
  -- approved | duplicate | review (held for a person) | rejected (by a person)
  status text NOT NULL,
  -- Approved only from this time on (the rules' hold period); NULL: at once.
  hold_until bigint,
  refunded bigint NOT NULL DEFAULT 0,
  reversed bigint NOT NULL DEFAULT 0,
  flags jsonb NOT NULL DEFAULT '[]',
  -- The recomputed attribution and award (what pays); `claimed` holds the browser's when they differ.
  attribution jsonb,
  award jsonb,
  claimed jsonb,
  -- Where the journey came from: browser (a claim), server_cookie, server (an authenticated backend).
  journey text NOT NULL
);
CREATE INDEX conversions_at ON conversions (at);
CREATE INDEX conversions_ref_at ON conversions (ref, at);
CREATE INDEX conversions_order ON conversions (order_id);

-- Invalid events, counted with the reason and never stored as data.
CREATE TABLE rejected (
  id bigserial PRIMARY KEY,
  received_at bigint NOT NULL,
  event_id text,
  reason text NOT NULL,
  -- The event as received, as JSON text, cut at 2,000 characters.
  body text NOT NULL
);
CREATE INDEX rejected_received_at ON rejected (received_at);

-- The partner a customer (userId) was first brought by, for recurring commissions.
CREATE TABLE customers (
  user_id text PRIMARY KEY,
  ref text NOT NULL,
  bound_at bigint NOT NULL,
  event_id text NOT NULL
);

CREATE TABLE refunds (
  id bigserial PRIMARY KEY,
  conversion_id text NOT NULL REFERENCES conversions (event_id),
  order_id text NOT NULL,
  amount bigint NOT NULL,
  -- The commission this refund took back.
  reversed bigint NOT NULL,
  at bigint NOT NULL
);
