import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import type { AwardOptions } from 'reftrace/server';
import { FRAUD_SCHEMA, parseFraud, type FraudConfig } from './fraud/index.js';

/** How a conversion is priced: a percentage of its amount, or a flat amount per currency (minor units). */
export type Rate = { percent: number } | { flat: Record<string, number> };

/** Renewals of a customer the partner brought (bound through `userId`), for `months` after the first conversion. */
export type Recurring = { months: number } & Partial<{ percent: number; flat: Record<string, number> }>;

export interface CommissionRules {
  /** Conversions whose `type` is not a lead type: purchases, renewals. */
  sale?: Rate;
  /** Conversions whose `type` is one of `leadTypes` (default `signup`, `lead`). */
  lead?: Rate;
  /** Absent: renewals without a partner touch of their own earn nothing. Priced by `sale` unless it has its own rate. */
  recurring?: Recurring;
  /** Days before a commission is approved. Default 0: approved at once. */
  holdDays?: number;
}

export interface Rules {
  commission: CommissionRules;
  /** Per-partner overrides, by referral code, of any field of `commission`. */
  partners: Record<string, CommissionRules>;
  /** Conversion types priced as leads. Default `["signup", "lead"]`. */
  leadTypes: string[];
  /** The currency of flat lead commissions on conversions that carry none (a free signup). */
  currency?: string;
  /** How the collector recomputes what the browser claimed. */
  attribution: {
    /** A built-in model name (`last_touch`, `position_based`…). Absent: the model the event names. */
    model?: string;
    windowDays?: number;
    halfLifeDays?: number;
    first?: number;
    last?: number;
    award?: AwardOptions;
  };
  /** The fraud rules (docs/fraud.md): which hold a conversion for review, and why. */
  fraud: FraudConfig;
  /** Lead binding: how long a lead credited to a partner credits the customer's later conversions that have no partner of their own. */
  binding: { days: number };
}

/** A lead binds its customer for a year unless the rules say otherwise. */
export const BINDING_DAYS = 365;

const rate = {
  oneOf: [
    { type: 'object', required: ['percent'], additionalProperties: false, properties: { percent: { type: 'number', minimum: 0, maximum: 100 } } },
    { type: 'object', required: ['flat'], additionalProperties: false, properties: { flat: { $ref: '#/$defs/flat' } } },
  ],
};
const commission = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sale: { $ref: '#/$defs/rate' },
    lead: { $ref: '#/$defs/rate' },
    recurring: {
      type: 'object',
      required: ['months'],
      additionalProperties: false,
      properties: { months: { type: 'integer', minimum: 1 }, percent: { type: 'number', minimum: 0, maximum: 100 }, flat: { $ref: '#/$defs/flat' } },
    },
    holdDays: { type: 'number', minimum: 0 },
  },
};

/** The rules file's JSON Schema: a typo is an error at start, not a commission of zero. */
export const RULES_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    commission: { $ref: '#/$defs/commission' },
    partners: { type: 'object', additionalProperties: { $ref: '#/$defs/commission' } },
    leadTypes: { type: 'array', items: { type: 'string' } },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    attribution: {
      type: 'object',
      additionalProperties: false,
      properties: {
        model: { type: 'string' },
        windowDays: { type: 'number', exclusiveMinimum: 0 },
        halfLifeDays: { type: 'number', exclusiveMinimum: 0 },
        first: { type: 'number', minimum: 0, maximum: 1 },
        last: { type: 'number', minimum: 0, maximum: 1 },
        award: { type: 'object' },
      },
    },
    fraud: FRAUD_SCHEMA,
    binding: { type: 'object', additionalProperties: false, properties: { days: { type: 'number', minimum: 0 } } },
  },
  $defs: {
    flat: { type: 'object', propertyNames: { pattern: '^[A-Z]{3}$' }, additionalProperties: { type: 'integer', minimum: 0 } },
    rate,
    commission,
  },
};

const check = new Ajv({ allErrors: true }).compile(RULES_SCHEMA);

/** Validates rules given as an object, filling the defaults; throws with every problem listed. */
export const parseRules = (input: unknown = {}): Rules => {
  if (!check(input))
    throw Error('reftrace-collector: invalid rules: ' + check.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; '));
  const given = input as Partial<Rules>;
  return {
    commission: given.commission ?? {},
    partners: given.partners ?? {},
    leadTypes: given.leadTypes ?? ['signup', 'lead'],
    currency: given.currency,
    attribution: given.attribution ?? {},
    fraud: parseFraud((input as { fraud?: unknown }).fraud, given.attribution?.award?.coupons),
    binding: { days: given.binding?.days ?? BINDING_DAYS },
  };
};

/** Reads and validates a rules file (`--rules rules.json`). */
export const loadRules = (file: string): Rules => {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw Error(`reftrace-collector: cannot read rules from ${file}: ${(error as Error).message}`);
  }
  return parseRules(json);
};
