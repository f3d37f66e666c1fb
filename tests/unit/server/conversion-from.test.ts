// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { conversionFrom, linear, type Journey } from '../../../src/server';
import { credit } from '../../../src/events/conversion';
import { readConversion } from '../../../src/events/conversion-input';
import { wireErrors } from './schema';

const NOW = Date.UTC(2026, 11, 2, 12);
const DAY = 864e5;
const journey: Journey = {
  anonymousId: 'V1StGXR8_Z5jdHi6B-myT',
  userId: 'cus_1',
  touchpoints: [
    { id: 'tp-old', ts: NOW - 40 * DAY, ref: 'carol', channel: 'affiliate', landing: '/?ref=carol' },
    { id: 'tp-bob', ts: NOW - 2 * DAY, ref: 'bob', channel: 'affiliate', landing: '/?ref=bob' },
    { id: 'tp-alice', ts: NOW - DAY, ref: 'alice', channel: 'affiliate', landing: '/?ref=alice' },
  ],
};

describe('conversionFrom', () => {
  it('makes the browser’s wire event: same order fields, same credit, valid against the schema, marked as the server’s', () => {
    const event = conversionFrom({ journey, orderId: 'A-1', amount: '49.99', currency: 'usd', coupon: 2024, ts: NOW }, { model: linear() });
    expect(wireErrors(event)).toBeNull();
    const order = readConversion({ orderId: 'A-1', amount: '49.99', currency: 'usd', coupon: 2024 });
    const inWindow = journey.touchpoints.slice(1);
    const expected = credit({ orderId: 'A-1', type: 'purchase', amount: 4999, currency: 'USD', coupon: '2024' }, NOW, inWindow, { model: linear(), windowDays: 30 }, { recentClicks: 0 });
    expect(event).toMatchObject({
      type: 'conversion',
      ts: NOW,
      anonymousId: journey.anonymousId,
      userId: 'cus_1',
      context: { page: '/', server: true, library: { name: 'reftrace' } },
      conversion: { orderId: order.orderId, type: order.type, amount: order.amount, currency: order.currency, coupon: order.coupon },
      ...expected,
    });
    expect(event.award).toMatchObject({ ref: 'alice', touchpointId: 'tp-alice' });
    expect(event.attribution.credits.map((c) => c.amount)).toEqual([2500, 2499]);
    expect(event).not.toHaveProperty('test');
    expect(Number.isSafeInteger(event.sentAt)).toBe(true);
  });

  it('takes Stripe’s amount_total as minor units, by the currency’s exponent', () => {
    expect(conversionFrom({ referralId: 'abc', orderId: 'cs_1', amountMinor: 4999, currency: 'usd' }).conversion).toMatchObject({ amount: 4999, currency: 'USD' });
    expect(conversionFrom({ referralId: 'abc', orderId: 'cs_2', amountMinor: 500, currency: 'JPY' }).conversion.amount).toBe(500);
    expect(conversionFrom({ referralId: 'abc', orderId: 'cs_3', amountMinor: 1500, currency: 'KWD' }).conversion.amount).toBe(1500);
    expect(conversionFrom({ referralId: 'abc', orderId: 'cs_4', amountMinor: 0, type: 'signup' }).conversion).toEqual({ orderId: 'cs_4', type: 'signup', amount: 0 });
  });

  it('with a referral id only: that visitor, no touchpoints, for the collector to credit; test and userId carried', () => {
    const event = conversionFrom({ referralId: 'V1StGXR8_Z5jdHi6B-myT', orderId: 7, amountMinor: 1990, currency: 'EUR', userId: 42, test: true, ts: NOW });
    expect(wireErrors(event)).toBeNull();
    expect(event).toMatchObject({ anonymousId: 'V1StGXR8_Z5jdHi6B-myT', userId: '42', test: true, touchpoints: [], award: { ref: null } });
    expect(event.attribution).toEqual({ model: 'last_touch', credits: [], unattributed: 1990 });
  });

  it('gives an order the same event id every time (a retried webhook), and another order, type or test another', () => {
    const make = (extra: object = {}) => conversionFrom({ referralId: 'abc', orderId: 'cs_9', amountMinor: 100, currency: 'USD', ...extra }).id;
    expect(make()).toBe(make({ ts: NOW }));
    expect(make()).toMatch(/^[0-9a-z]{33}$/);
    expect(new Set([make(), make({ orderId: 'cs_10' }), make({ type: 'renewal' }), make({ test: true })]).size).toBe(4);
  });

  it.each([
    [{ orderId: 1, amount: 1, currency: 'USD' }, 'needs a journey or a referralId'],
    [{ referralId: 'a b', orderId: 1 }, 'a referral id is 1 to 200 letters'],
    [{ referralId: 'x'.repeat(65), orderId: 1 }, 'longer than a visitor id'],
    [{ journey: { anonymousId: 'a', touchpoints: [{ id: 1 }] }, orderId: 1 }, 'journey is malformed'],
    [{ journey, referralId: 'other', orderId: 1 }, 'is not the journey'],
    [{ referralId: 'abc', amount: 1, currency: 'USD' }, 'orderId is required'],
    [{ referralId: 'abc', orderId: 1, amount: 1, amountMinor: 100, currency: 'USD' }, 'not both'],
    [{ referralId: 'abc', orderId: 1, amountMinor: 1.5, currency: 'USD' }, 'amountMinor must be an integer'],
    [{ referralId: 'abc', orderId: 1, amountMinor: 100 }, 'unknown currency ""'],
    [{ referralId: 'abc', orderId: 1, amountMinor: 100, currency: 'EURO' }, 'unknown currency "EURO"'],
    [{ referralId: 'abc', orderId: 1, amount: 5, currency: 'EURO' }, 'unknown currency "EURO"'],
    [{ referralId: 'abc', orderId: 1, amount: '4,99', currency: 'EUR' }, 'invalid amount "4,99"'],
    [{ referralId: 'abc', orderId: 1, amount: -5, currency: 'EUR' }, 'a negative amount is a refund'],
    [{ referralId: 'abc', orderId: { id: 1 } }, 'orderId must be a string or number'],
    [{ referralId: 'abc', orderId: 1, ts: 'yesterday' }, 'ts must be epoch milliseconds'],
    [null, 'expected { journey or referralId'],
  ])('refuses %j with a TypeError', (input, message) => {
    expect(() => conversionFrom(input as any)).toThrow(TypeError);
    expect(() => conversionFrom(input as any)).toThrow(message);
  });
});
