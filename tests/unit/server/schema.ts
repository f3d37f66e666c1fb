import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const schema = JSON.parse(readFileSync(new URL('../../../schema/events.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

/** The JSON Schema's errors for an event as it would go on the wire, or `null` when it is valid. */
export const wireErrors = (event: unknown) => (validate([JSON.parse(JSON.stringify(event))]) ? null : validate.errors);
