import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../../src/index';
import { validJourney } from '../../../src/store/codec';

const schema = JSON.parse(readFileSync(join(__dirname, '../../../schema/events.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);
const touch = { id: 't1', ts: 1_700_000_000_000, ref: 'alice', channel: 'affiliate', landing: '/?ref=alice' };
const journey = (t: object, extra: object = {}) => ({ anonymousId: 'a1', touchpoints: [{ ...touch, ...t }], ...extra });
/** Every own key anywhere in a value, `__proto__` included. */
const keys = (v: unknown): string[] => (v && typeof v == 'object' ? Object.keys(v).flatMap((k) => [k, ...keys((v as any)[k])]) : []);

describe('validJourney, by the schema\'s rules', () => {
  it.each([
    ['a channel the schema does not know', { channel: 'evil' }],
    ['a time that is not an integer', { ts: 1.5 }],
    ['a time that is a string', { ts: '1700000000000' }],
    ['click ids that are a list', { clickIds: ['x'] }],
    ['a click id that is not a string', { clickIds: { gclid: 5 } }],
    ['flags that are not strings', { flags: [{}] }],
  ])('refuses %s', (_, t) => expect(validJourney(journey(t) as never)).toBeUndefined());

  it('keeps only the fields and click ids it knows, and never an own __proto__ key', () => {
    const hostile = JSON.parse(
      '{"anonymousId":"a1","__proto__":{"admin":true},"extra":1,"touchpoints":[{"id":"t1","ts":1700000000000,"ref":"alice","channel":"affiliate","landing":"/?ref=alice","__proto__":{"x":1},"evil":"<b>","clickIds":{"gclid":"g1","__proto__":"p","constructor":"c","made_up":"m"}}]}',
    );
    const j = validJourney(hostile)!;
    expect(j).toEqual({ anonymousId: 'a1', touchpoints: [{ ...touch, clickIds: { gclid: 'g1' } }] });
    expect(keys(j)).not.toContain('__proto__');
    expect(JSON.stringify(j)).not.toMatch(/__proto__|evil|made_up|constructor|extra/);
  });
});

describe('a stored journey on the wire', () => {
  let sent: any[] = [];
  beforeEach(() => {
    sent = [];
    localStorage.clear();
    document.cookie.split('; ').forEach((c) => (document.cookie = c.split('=')[0] + '=;max-age=0;path=/'));
    vi.stubGlobal('fetch', vi.fn(async (_: string, init: RequestInit) => (sent.push(...JSON.parse(init.body as string)), new Response(null, { status: 204 }))));
    (window as any).happyDOM.setURL('http://shop.localhost/thanks');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('carries only what the schema allows, whatever localStorage held', async () => {
    localStorage['reftrace:journey'] = `{"anonymousId":"a1","__proto__":{"userId":"x"},"touchpoints":[{"id":"t1","ts":${Date.now() - 1000},"ref":"alice","channel":"affiliate","landing":"/?ref=alice","__proto__":{"ref":"mallory"},"note":{"deep":1},"clickIds":{"gclid":"g1","__proto__":"p"}}]}`;
    const tracker = createTracker({ endpoint: '/e' });
    await tracker.ready;
    await tracker.convert({ orderId: 'V-1', amount: 1, currency: 'USD' });
    await tracker.flush();
    const [event] = sent;
    expect(event.award.ref).toBe('alice');
    expect(event.touchpoints).toEqual([{ id: 't1', ts: expect.any(Number), ref: 'alice', channel: 'affiliate', landing: '/?ref=alice', clickIds: { gclid: 'g1' } }]);
    expect(keys(event)).not.toContain('__proto__');
    expect(validate(sent)).toBe(true);
  });

  it('ignores a stored journey with a time the schema refuses, rather than send an event the collector rejects', async () => {
    localStorage['reftrace:journey'] = JSON.stringify(journey({ ts: Date.now() - 1000.5 }));
    const tracker = createTracker({ endpoint: '/e' });
    await tracker.ready;
    await tracker.convert({ orderId: 'V-2' });
    await tracker.flush();
    expect(validate(sent)).toBe(true);
  });
});
