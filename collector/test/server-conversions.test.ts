// Conversions made on the merchant's server with `reftrace/server`: credited from the journey the
// collector holds (by referral id), through a lead's binding (by userId), test mode, bad input.
import { conversionFrom, fromReferralId, sendEvents, type WireEvent } from 'reftrace/server';
import { describe, expect, it } from 'vitest';
import { api, json, post, TOKEN } from './support/client.js';
import { useCollector } from './support/collector.js';
import { BACKENDS } from './support/databases.js';
import { click, conversion, NOW, touch } from './support/events.js';

const DAY = 864e5;
const RULES = {
  commission: { sale: { percent: 10 }, lead: { flat: { USD: 500 } }, recurring: { months: 12, percent: 5 } },
  binding: { days: 60 },
};

describe.each(BACKENDS)('server-side conversions on %s', (backend) => {
  const ctx = useCollector(backend, { rules: RULES });
  // The merchant's backend: events to /e with the admin token, journeys from /api/journeys.
  const toCollector: typeof fetch = async (input, init) => ctx.collector.fetch(new Request(input, init));
  const send = (events: WireEvent[]) => sendEvents('http://collector/e', events, { fetch: toCollector, headers: { authorization: `Bearer ${TOKEN}` } });
  const source = () => ({ collector: 'http://collector', token: TOKEN, fetch: toCollector });
  const visitor = (anonymousId: string, event: WireEvent, extra: Partial<WireEvent> = {}) => ({ ...event, anonymousId, ...extra }) as WireEvent;
  const byOrder = async () => Object.fromEntries((await json(api(ctx.collector, '/conversions'))).map((r: any) => [r.orderId, r]));

  it('credits a conversion by referral id from the clicks the collector saw, as server-attributed', async () => {
    await post(ctx.collector, [visitor('visitor-A', click('bob', NOW - 3 * DAY)), visitor('visitor-A', click('alice', NOW - DAY)), visitor('visitor-B', click('carol', NOW - DAY))]);
    const result = await send([conversionFrom({ referralId: 'visitor-A', orderId: 'cs_1', amountMinor: 4999, currency: 'usd', ts: NOW })]);
    expect(result).toEqual({ delivered: 1, rejected: [], failed: [], reasons: {} });
    const { cs_1 } = await byOrder();
    expect(cs_1).toMatchObject({ ref: 'alice', amount: 4999, commission: 500, rule: 'sale_percent', journey: 'collector', flags: [], claimed: null });
    expect(cs_1.award).toMatchObject({ ref: 'alice', reason: 'last_click' });

    // The same journey through the admin API, as `fromReferralId` reads it: crediting it on the server gives the same award.
    const journey = await fromReferralId('visitor-A', source());
    expect(journey?.touchpoints.map((t) => t.ref)).toEqual(['bob', 'alice']);
    const again = conversionFrom({ journey, orderId: 'cs_2', amount: '10.00', currency: 'USD', ts: NOW });
    expect(again.award).toMatchObject({ ref: 'alice', touchpointId: cs_1.award.touchpointId });
    await send([again]);
    expect((await byOrder()).cs_2).toMatchObject({ ref: 'alice', journey: 'server', flags: [] });
    expect(await fromReferralId('nobody-here', source())).toBeUndefined();

    // A visitor whose clicks are past the window, or who has none: nobody is credited.
    await send([conversionFrom({ referralId: 'visitor-B', orderId: 'cs_3', amountMinor: 100, currency: 'USD', ts: NOW + 40 * DAY })]);
    await send([conversionFrom({ referralId: 'visitor-C', orderId: 'cs_4', amountMinor: 100, currency: 'USD', ts: NOW })]);
    const rows = await byOrder();
    expect([rows.cs_3.ref, rows.cs_3.commission, rows.cs_4.ref]).toEqual([null, 0, null]);
  });

  it('binds a signup’s customer to its partner: a server renewal without a journey earns for them, then recurring', async () => {
    const signup = conversion({ orderId: 'L-1', type: 'signup', amount: 0, currency: '', userId: 'u1', touchpoints: [touch('alice', NOW - DAY)], ts: NOW });
    await post(ctx.collector, [signup]);
    expect(await ctx.db.query(`SELECT user_id, ref, kind FROM customers`)).toEqual([{ user_id: 'u1', ref: 'alice', kind: 'lead' }]);
    const renewal = (orderId: string, days: number, userId = 'u1') =>
      conversionFrom({ referralId: 'checkout-visitor', orderId, amountMinor: 2000, currency: 'USD', userId, type: 'renewal', ts: NOW + days * DAY });
    await send([renewal('R-1', 40)]);
    await send([renewal('R-2', 70)]);
    await send([renewal('R-3', 70, 'u2')]);
    const rows = await byOrder();
    expect(rows['L-1']).toMatchObject({ ref: 'alice', commission: 500, rule: 'lead_flat' });
    // The first sale after the lead: the sale rate, for the lead's partner, and it binds the customer for good.
    expect(rows['R-1']).toMatchObject({ ref: 'alice', commission: 200, rule: 'sale_percent', journey: 'bound', userId: 'u1' });
    // Past the binding's 60 days from the lead, but inside the 12 recurring months from the first sale.
    expect(rows['R-2']).toMatchObject({ ref: 'alice', commission: 100, rule: 'recurring_percent' });
    expect(rows['R-3']).toMatchObject({ ref: null, commission: 0 });
    expect(await ctx.db.query(`SELECT user_id, ref, kind, event_id FROM customers`)).toEqual([{ user_id: 'u1', ref: 'alice', kind: 'sale', event_id: rows['R-1'].id }]);
  });

  it('lets a lead’s binding lapse after its days, and a partner’s own click win over it', async () => {
    await post(ctx.collector, [conversion({ orderId: 'L-2', type: 'signup', amount: 0, currency: '', userId: 'u3', touchpoints: [touch('alice', NOW - DAY)], ts: NOW })]);
    await send([conversionFrom({ referralId: 'v', orderId: 'P-1', amountMinor: 1000, currency: 'USD', userId: 'u3', ts: NOW + 61 * DAY })]);
    await post(ctx.collector, [conversion({ orderId: 'P-2', amount: 1000, userId: 'u3', touchpoints: [touch('bob', NOW + 61 * DAY)], ts: NOW + 62 * DAY })]);
    const rows = await byOrder();
    expect([rows['P-1'].ref, rows['P-2'].ref]).toEqual([null, 'bob']);
    // The first paid sale replaces a lead's binding.
    expect(await ctx.db.query(`SELECT ref, kind FROM customers WHERE user_id = 'u3'`)).toEqual([{ ref: 'bob', kind: 'sale' }]);
  });

  it('stores test events apart: counted separately, never paid, never binding, never blocking the real order', async () => {
    await post(ctx.collector, [visitor('visitor-T', click('alice', NOW - DAY), { test: true })]);
    const testEvents = [
      conversionFrom({ referralId: 'visitor-T', orderId: 'T-1', amountMinor: 5000, currency: 'USD', userId: 'ut', test: true, ts: NOW }),
      { ...conversion({ orderId: 'T-2', amount: 5000, userId: 'ut', touchpoints: [touch('alice')] }), test: true as const },
    ];
    expect((await send(testEvents)).delivered).toBe(2);
    // The no-JavaScript pixel's test=1 too.
    expect((await ctx.collector.fetch(new Request('http://collector/px?order=T-3&amount=5&currency=USD&ref=alice&test=1'))).status).toBe(200);
    const summary = await json(api(ctx.collector, '/summary'));
    expect(summary).toMatchObject({ clicks: 0, conversions: 0, revenue: {}, commission: {}, test: { clicks: 1, conversions: 3 } });
    expect(await json(api(ctx.collector, '/payouts'))).toEqual([]);
    expect(await json(api(ctx.collector, '/partners'))).toEqual([]);
    const tests = await json(api(ctx.collector, '/conversions?status=test'));
    expect(tests.map((r: any) => [r.orderId, r.commission, r.status]).sort()).toEqual([['T-1', 0, 'test'], ['T-2', 0, 'test'], ['T-3', 0, 'test']]);
    // The test click is not part of the visitor's journey, and the test conversions bound nobody.
    expect(tests.find((r: any) => r.orderId == 'T-1').ref).toBe(null);
    expect(await ctx.db.query(`SELECT * FROM customers`)).toEqual([]);
    // The same order for real afterwards is the order's own, and paid.
    await post(ctx.collector, [conversion({ orderId: 'T-2', amount: 5000, touchpoints: [touch('alice')] })]);
    const real = (await json(api(ctx.collector, '/conversions?status=approved')))[0];
    expect(real).toMatchObject({ orderId: 'T-2', ref: 'alice', commission: 500 });
  });

  it('answers bad input with 4xx, never 5xx', async () => {
    for (const id of ['a%20b', 'x'.repeat(65), '..%2Fsummary', '%00', 'é'])
      expect((await api(ctx.collector, '/journeys/' + id)).status).toBeGreaterThanOrEqual(400);
    expect((await api(ctx.collector, '/journeys/a%20b')).status).toBe(400);
    expect((await api(ctx.collector, '/journeys/unknown')).status).toBe(404);
    expect((await api(ctx.collector, '/journeys/unknown', {}, 'wrong')).status).toBe(401);
    const good = conversionFrom({ referralId: 'visitor-X', orderId: 'X-1', amountMinor: 100, currency: 'USD', userId: 'ux' });
    const bad = [
      { ...good, id: 'b1', context: { ...good.context, server: 'yes' } },
      { ...good, id: 'b2', touchpoints: null },
      { ...good, id: 'b3', userId: 42 },
      { ...good, id: 'b4', anonymousId: '' },
      { ...good, id: 'b5', test: false },
    ] as unknown as WireEvent[];
    const result = await send([...bad, good]);
    expect(result.delivered).toBe(1);
    expect(result.rejected.map((e) => e.id).sort()).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    for (const body of [bad, bad[0], '[', '{"type":"conversion","context":{"server":true}}']) {
      const response = await post(ctx.collector, body, { authorization: `Bearer ${TOKEN}` });
      expect(response.status).toBe(400);
    }
  });
});
