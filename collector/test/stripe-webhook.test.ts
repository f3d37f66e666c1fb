// The Stripe webhook example (examples/stripe/) against this collector: a signed, recorded-shape
// `checkout.session.completed` naming a visitor's referral id becomes a server conversion the
// collector credits to that visitor's partner from the clicks it saw. No network: the webhook's
// `sendEvents` reaches the collector's own `fetch`.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stripeWebhook } from '../../examples/stripe/webhook';
import { api, json, post } from './support/client.js';
import { useCollector } from './support/collector.js';
import { BACKENDS } from './support/databases.js';
import { click, NOW } from './support/events.js';

const DAY = 864e5;
const SECRET = 'whsec_collector_suite_0123456789ab';
const VISITOR = 'V1StGXR8_Z5jdHi6B-myT';
const SESSION = 'cs_test_a1YjKq3xZ0MvQe8Yx7uB2nV4kLp9rT6wS5dF3gH1jK8lZ0xC2vB4nM6qW8';
const fixture = readFileSync(new URL('../../tests/fixtures/stripe/checkout.session.completed.json', import.meta.url), 'utf8')
  .replace('REFERRAL_ID', VISITOR)
  .replace('"created": 1764672000', `"created": ${NOW / 1000}`);

describe.each(BACKENDS)('the Stripe webhook example on %s', (backend) => {
  const ctx = useCollector(backend, { rules: { commission: { sale: { percent: 10 } } } });
  const toCollector: typeof fetch = async (input, init) => ctx.collector.fetch(new Request(input, init));
  const deliver = (body: string, { t = NOW / 1000, secret = SECRET } = {}) =>
    stripeWebhook({ secret: SECRET, endpoint: 'http://collector/e', now: NOW, send: { fetch: toCollector } })(
      new Request('https://shop.example/api/stripe', {
        method: 'POST',
        body,
        headers: { 'stripe-signature': `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}` },
      }),
    );
  const conversions = async () => json(api(ctx.collector, '/conversions'));

  it('credits the partner of the referral id, once however often Stripe delivers', async () => {
    await post(ctx.collector, [{ ...click('alice', NOW - DAY), anonymousId: VISITOR }]);
    const live = fixture.replace(/"livemode": false/g, '"livemode": true');
    expect((await deliver(live)).status).toBe(200);
    expect((await deliver(live)).status).toBe(200);
    const rows = await conversions();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ orderId: SESSION, ref: 'alice', amount: 4999, currency: 'USD', commission: 500, journey: 'collector' });
  });

  it('keeps a test-mode session apart and unpaid, and refuses a forged one', async () => {
    await post(ctx.collector, [{ ...click('alice', NOW - DAY), anonymousId: VISITOR }]);
    expect((await deliver(fixture, { secret: 'whsec_not_the_endpoints_secret' })).status).toBe(400);
    expect((await deliver(fixture, { t: NOW / 1000 - 301 })).status).toBe(400);
    expect(await conversions()).toEqual([]);
    expect((await deliver(fixture)).status).toBe(200);
    expect((await conversions()).map((r: any) => [r.orderId, r.ref, r.commission, r.status])).toEqual([[SESSION, 'alice', 0, 'test']]);
  });
});
