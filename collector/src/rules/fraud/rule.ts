import type { Award, ConversionEvent } from 'reftrace';

/** What the rules know of a conversion as it is stored. */
export interface Suspect {
  event: ConversionEvent;
  /** The recomputed award (what pays), and its partner. */
  award: Award;
  /** Collector time of the conversion (skew-corrected). */
  at: number;
  /** The verifier's flags: `award_mismatch`, `attribution_mismatch`, `unverifiable`. */
  flags: readonly string[];
  /** What the journey rests on: `signed`, `unverified`, `tampered` (or `server` for an authenticated backend). */
  journey: string;
  /** A keyed hash of the client's address and user agent; absent when unknown. */
  client?: string;
}

/** Questions about the past that the rules ask of the database (the same transaction as the write). */
export interface History {
  /** Click events for `ref` from `client` collected in [from, to]. */
  clicks(ref: string, client: string, from: number, to: number): Promise<number>;
  /** Orders (distinct order ids, else event ids) from this browser or this user in [from, to], other than `except`. */
  orders(anonymousId: string, userId: string | undefined, from: number, to: number, except: string): Promise<number>;
  /** The user ids and hashed e-mail addresses this browser gave to `identify`. */
  identities(anonymousId: string): Promise<{ userIds: string[]; emailHashes: string[] }>;
}

/** Every rule's settings: whether it runs, and the reason a held conversion shows. */
export interface RuleSettings {
  enabled: boolean;
  reason: string;
}

/** The whole fraud section of the rules file, defaults filled. */
export interface FraudConfig {
  /** Each partner's own identities, so that their own purchases earn nothing: user ids and SHA-256 hex of the lowercased e-mail. */
  partners: Record<string, { userIds?: string[]; emailHashes?: string[] }>;
  /** Coupon code (case-insensitive) to the partner who owns it. Default: the award's `coupons`. */
  coupons: Record<string, string>;
  rules: Record<string, RuleSettings & Record<string, unknown>>;
}

/**
 * One fraud rule: its name (stored with a held conversion), its settings with their defaults
 * and JSON Schema, and the check. A check answers whether the conversion must be held for review.
 */
export interface FraudRule<S extends RuleSettings = RuleSettings> {
  name: string;
  defaults: S;
  /** JSON Schema of the settings besides `enabled` and `reason`. */
  schema?: Record<string, unknown>;
  check(suspect: Suspect, settings: S, config: FraudConfig, history: History): boolean | Promise<boolean>;
}
