import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The wire format, read from the SDK package itself so the two cannot drift apart. */
const schemaFile = createRequire(import.meta.url).resolve('reftrace/package.json').replace(/package\.json$/, 'schema/events.schema.json');
const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
const ajv = new Ajv2020({ allErrors: false, strict: false });
ajv.addSchema(schema);
const checkEvent = ajv.getSchema(schema.$id + '#/$defs/event')!;

/** Deeper than any event the SDK writes; Postgres' jsonb parser has a depth limit of its own. */
const MAX_DEPTH = 32;

/**
 * What JSON allows but Postgres cannot store, or money cannot mean: a string with a NUL or a
 * lone surrogate (jsonb refuses both), an integer beyond 2^53 (no longer exact, and beyond
 * `bigint`), nesting past `MAX_DEPTH`. The first problem found, as `path: problem`.
 */
const unstorable = (value: unknown, path: string, depth: number): string | undefined => {
  if (typeof value == 'string') return value.includes('\0') || !value.isWellFormed() ? `${path}: string with a NUL or a lone surrogate` : undefined;
  if (typeof value == 'number') return Number.isInteger(value) && !Number.isSafeInteger(value) ? `${path}: integer beyond 2^53` : undefined;
  if (value === null || typeof value != 'object') return;
  if (depth > MAX_DEPTH) return `${path}: nested deeper than ${MAX_DEPTH}`;
  for (const [key, child] of Object.entries(value)) {
    const problem = unstorable(key, path + '/' + key, depth + 1) ?? unstorable(child, path + '/' + key, depth + 1);
    if (problem) return problem;
  }
};

/**
 * Why an event cannot be stored, or undefined when it can: the JSON Schema first, then what the
 * schema cannot say (storable values; a conversion's money: an amount not below zero, and a
 * currency whenever the amount is not zero).
 */
export const invalidReason = (event: unknown): string | undefined => {
  if (!checkEvent(event)) {
    const [error] = checkEvent.errors!;
    return `schema: ${error.instancePath || '/'} ${error.message}`;
  }
  const problem = unstorable(event, '', 0);
  if (problem) return problem;
  const { type, conversion } = event as { type: string; conversion?: { amount: number; currency?: string } };
  if (type != 'conversion') return;
  if (conversion!.amount < 0) return '/conversion/amount: below zero (refunds go through POST /api/refunds)';
  if (conversion!.amount && !conversion!.currency) return '/conversion/currency: required when the amount is not zero';
};
