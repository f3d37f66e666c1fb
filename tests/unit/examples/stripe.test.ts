// @vitest-environment node
// The Stripe webhook example (examples/stripe/) with a fixed signing secret and a recorded-shape
// `checkout.session.completed`: signatures are made here with node:crypto, independently of the
// Web Crypto code under test, by Stripe's documented scheme. No network: the collector is a fetch stub.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conversionInput } from '../../../examples/stripe/session';
import { readStripeEvent, type StripeEvent } from '../../../examples/stripe/signature';
import { stripeWebhook } from '../../../examples/stripe/webhook';

const SECRET = 'whsec_test_5f0c1e2d3b4a59687766554433221100';
const REFERRAL_ID = 'V1StGXR8_Z5jdHi6B-myT';
const fixture = readFileSync(new URL('../../fixtures/stripe/checkout.session.completed.json', import.meta.url), 'utf8').replace('REFERRAL_ID', REFERRAL_ID);
const NOW = 1764672000_000;

const hmac = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
const header = (body: string, { t = NOW / 1000, secret = SECRET } = {}) => `t=${t},v1=${hmac(secret, t, body)},v0=${hmac('test-mode-only', t, body)}`;
const delivery = (body: string, signature: string | null = header(body)) =>
  new Request('https://shop.example.com/api/stripe', { method: 'POST', body, headers: signature == null ? {} : { 'Stripe-Signature': signature } });
const event = (changes: (e: any) => void = () => {}): StripeEvent => {
  const e = JSON.parse(fixture);
  changes(e);
  return e;
};

describe('readStripeEvent', () => {
  const read = (request: Request, now = NOW) => readStripeEvent(request, SECRET, { now });

  it('accepts Stripe’s signature of the raw body, and one of several v1 while a secret rolls', async () => {
    expect(await read(delivery(fixture))).toEqual({ event: JSON.parse(fixture) });
    const t = NOW / 1000;
    expect(await read(delivery(fixture, `t=${t},v1=${hmac('whsec_the_old_secret_0000', t, fixture)},v1=${hmac(SECRET, t, fixture)}`))).toHaveProperty('event');
  });

  it.each([
    ['a tampered body', delivery(fixture.replace('"amount_total": 4999', '"amount_total": 499900'), header(fixture))],
    ['the wrong secret', delivery(fixture, header(fixture, { secret: 'whsec_someone_elses_secret_00' }))],
    ['a stale timestamp (301 s)', delivery(fixture, header(fixture, { t: NOW / 1000 - 301 }))],
    ['a timestamp not signed with the body', delivery(fixture, header(fixture).replace(`t=${NOW / 1000}`, `t=${NOW / 1000 - 10}`))],
    ['only a v0 signature', delivery(fixture, `t=${NOW / 1000},v0=${hmac(SECRET, NOW / 1000, fixture)}`)],
    ['no header', delivery(fixture, null)],
    ['a garbled header', delivery(fixture, 'v1=zz,t=now')],
  ])('refuses %s', async (_, request) => expect(await read(request)).toEqual({ error: expect.stringContaining('no valid Stripe-Signature') }));

  it('accepts a delivery 300 s old', async () => expect(await read(delivery(fixture, header(fixture, { t: NOW / 1000 - 300 })))).toHaveProperty('event'));

  it('refuses a signed body that is not an event', async () => {
    expect(await read(delivery('{"type":1}'))).toEqual({ error: 'the body is not a Stripe event' });
    expect(await read(delivery('not json'))).toEqual({ error: 'the body is not a Stripe event' });
  });
});

describe('conversionInput', () => {
  it('maps a paid session to the server conversion of the visitor in client_reference_id', () => {
    expect(conversionInput(event(), { userId: (s) => s.customer })).toEqual({
      referralId: REFERRAL_ID,
      orderId: 'cs_test_a1YjKq3xZ0MvQe8Yx7uB2nV4kLp9rT6wS5dF3gH1jK8lZ0xC2vB4nM6qW8',
      amountMinor: 4999,
      currency: 'usd',
      userId: 'cus_RYf3kLmN0pQ7sT',
      test: true,
      ts: NOW,
    });
    expect(conversionInput(event((e) => (e.livemode = true)))).toMatchObject({ test: false, userId: undefined });
  });

  it('waits for a delayed payment, and records it when it succeeds', () => {
    const unpaid = (e: any) => (e.data.object.payment_status = 'unpaid');
    expect(conversionInput(event(unpaid))).toEqual({ skip: expect.stringContaining('is not paid yet') });
    expect(conversionInput(event((e) => (e.type = 'checkout.session.async_payment_succeeded')))).toMatchObject({ referralId: REFERRAL_ID, amountMinor: 4999 });
  });

  it('skips what is not a sale it can attribute', () => {
    expect(conversionInput(event((e) => (e.type = 'checkout.session.expired')))).toEqual({ skip: 'not a sale: checkout.session.expired' });
    expect(conversionInput(event((e) => (e.data.object.client_reference_id = null)))).toEqual({ skip: expect.stringContaining('has no client_reference_id') });
  });
});

describe('stripeWebhook', () => {
  // A collector on a stub: what it received, and what it answers.
  const collector = (status = 200) => {
    const received: any[] = [];
    const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
      received.push(...JSON.parse(String(init!.body)));
      return Response.json({ accepted: 1 }, { status });
    };
    return { received, fetch: fetch as typeof globalThis.fetch };
  };
  const handler = (fetch: typeof globalThis.fetch, errors: Error[] = []) =>
    stripeWebhook({ secret: SECRET, endpoint: 'https://collect.example.com/e', now: NOW, send: { fetch, retries: 0 }, onError: (e) => errors.push(e) });

  it('turns a signed checkout.session.completed into one conversion, the same on a redelivery', async () => {
    const { received, fetch } = collector();
    const handle = handler(fetch);
    const response = await handle(delivery(fixture));
    expect(response.status).toBe(200);
    const [conversion] = received;
    expect(await response.json()).toEqual({ received: true, conversion: conversion.id, delivered: true });
    expect(conversion).toMatchObject({
      type: 'conversion',
      anonymousId: REFERRAL_ID,
      test: true,
      conversion: { orderId: 'cs_test_a1YjKq3xZ0MvQe8Yx7uB2nV4kLp9rT6wS5dF3gH1jK8lZ0xC2vB4nM6qW8', amount: 4999, currency: 'USD', type: 'purchase' },
      touchpoints: [],
    });
    await handle(delivery(fixture));
    expect(received.map((e) => e.id)).toEqual([conversion.id, conversion.id]);
  });

  it('credits the partner itself when it can look the journey up', async () => {
    const { received, fetch } = collector();
    const click = { id: 'tp-1', ts: NOW - 3600e3, ref: 'alice', channel: 'affiliate' as const, landing: '/?ref=alice' };
    const errors: Error[] = [];
    const lookups: string[] = [];
    const journeys = async (id: string) => (lookups.push(id), id == REFERRAL_ID ? { anonymousId: id, touchpoints: [click] } : undefined);
    const handle = stripeWebhook({ secret: SECRET, endpoint: 'https://collect.example.com/e', now: NOW, journeys, send: { fetch, retries: 0 } });
    expect((await handle(delivery(fixture))).status).toBe(200);
    expect(lookups).toEqual([REFERRAL_ID]);
    expect(received[0]).toMatchObject({ anonymousId: REFERRAL_ID, touchpoints: [click], award: { ref: 'alice', touchpointId: 'tp-1' } });
    expect(received[0].attribution.credits).toMatchObject([{ ref: 'alice', amount: 4999 }]);

    const down = stripeWebhook({ secret: SECRET, endpoint: 'https://collect.example.com/e', now: NOW, journeys: { collector: 'https://collect.example.com', token: 't', fetch: async () => new Response(null, { status: 500 }) }, send: { fetch }, onError: (e) => errors.push(e) });
    expect((await down(delivery(fixture))).status).toBe(503);
    expect(errors.map(String)).toEqual([expect.stringContaining('answered 500')]);
    expect(received).toHaveLength(1);
  });

  it('answers 400 to a forged delivery and sends nothing', async () => {
    const { received, fetch } = collector();
    const response = await handler(fetch)(delivery(fixture.replace('4999', '1'), header(fixture)));
    expect(response.status).toBe(400);
    expect(received).toEqual([]);
  });

  it('answers 503 while the collector is down, so Stripe delivers again', async () => {
    const { fetch } = collector(503);
    expect((await handler(fetch)(delivery(fixture))).status).toBe(503);
  });

  it('acknowledges what it cannot record, and says why', async () => {
    const { received, fetch } = collector();
    const errors: Error[] = [];
    const bad = JSON.stringify(event((e) => (e.data.object.currency = 'zzz')));
    const response = await handler(fetch, errors)(delivery(bad));
    expect([response.status, await response.json()]).toEqual([200, { received: true, skipped: expect.stringContaining('unknown currency') }]);
    expect(errors.map(String)).toEqual([expect.stringContaining('unknown currency')]);
    const expired = JSON.stringify(event((e) => (e.type = 'checkout.session.expired')));
    expect(await (await handler(fetch)(delivery(expired))).json()).toEqual({ received: true, skipped: 'not a sale: checkout.session.expired' });
    expect(received).toEqual([]);
  });

  it('answers 405 to anything but POST, and refuses a setup without a secret or collector', async () => {
    expect((await handler(collector().fetch)(new Request('https://shop.example.com/api/stripe'))).status).toBe(405);
    expect(() => stripeWebhook({ secret: '', endpoint: 'https://c.example/e' })).toThrow('signing secret');
    expect(() => stripeWebhook({ secret: SECRET, endpoint: 'collect' })).toThrow('collector’s URL'.replace('’', "'"));
  });
});
