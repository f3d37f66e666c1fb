import Ajv from 'ajv';
import { awardMismatch } from './award-mismatch.js';
import { browserSignals } from './browser-signals.js';
import { clickFlood } from './click-flood.js';
import { couponHijack } from './coupon-hijack.js';
import { duplicateOrder } from './duplicate-order.js';
import { unverifiedJourney } from './journey.js';
import { orderBurst } from './order-burst.js';
import type { FraudConfig, FraudRule, History, Suspect } from './rule.js';
import { selfReferral } from './self-referral.js';
import { tooFast } from './too-fast.js';

export type { FraudConfig, History, Suspect } from './rule.js';
export { duplicateOrder } from './duplicate-order.js';

/** The rules run on every conversion that earns, in this order. */
export const FRAUD_RULES: FraudRule<any>[] = [selfReferral, clickFlood, tooFast, unverifiedJourney, awardMismatch, couponHijack, orderBurst, browserSignals];

/** Every rule by name, the duplicate-order one included (it acts after the write). */
const ALL = [...FRAUD_RULES, duplicateOrder];

/** A held conversion's reason: the rule's name and its (configurable) text. */
export interface Reason {
  rule: string;
  reason: string;
}

/** JSON Schema of the rules file's `fraud` section. */
export const FRAUD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    partners: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          userIds: { type: 'array', items: { type: 'string' } },
          emailHashes: { type: 'array', items: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' } },
        },
      },
    },
    coupons: { type: 'object', additionalProperties: { type: 'string' } },
    rules: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        ALL.map((rule) => [
          rule.name,
          {
            type: 'object',
            additionalProperties: false,
            properties: { enabled: { type: 'boolean' }, reason: { type: 'string', minLength: 1, maxLength: 500 }, ...('schema' in rule ? rule.schema : {}) },
          },
        ]),
      ),
    },
  },
};

const check = new Ajv({ allErrors: true }).compile(FRAUD_SCHEMA);

/** The `fraud` section with every default filled; `coupons` falls back to the award's. Throws on a typo. */
export const parseFraud = (input: unknown = {}, awardCoupons: Record<string, string> = {}): FraudConfig => {
  if (!check(input)) throw Error('reftrace-collector: invalid rules: fraud' + check.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; '));
  const given = input as Partial<FraudConfig>;
  return {
    partners: given.partners ?? {},
    coupons: given.coupons ?? awardCoupons,
    rules: Object.fromEntries(ALL.map((rule) => [rule.name, { ...rule.defaults, ...given.rules?.[rule.name] }])),
  };
};

/**
 * The reasons to hold a conversion for review, from every enabled rule. Only a conversion that
 * earns (a partner is credited) is examined: holding one that pays nobody holds nothing.
 */
export const review = async (suspect: Suspect, config: FraudConfig, history: History): Promise<Reason[]> => {
  if (suspect.award.ref == null) return [];
  const reasons: Reason[] = [];
  for (const rule of FRAUD_RULES) {
    const settings = config.rules[rule.name];
    if (settings.enabled && (await rule.check(suspect, settings, config, history))) reasons.push({ rule: rule.name, reason: settings.reason });
  }
  return reasons;
};
