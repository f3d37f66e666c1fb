import { describe, expect, it } from 'vitest';
import { api, json, post, TOKEN } from './support/client.js';
import { useCollector } from './support/collector.js';
import { BACKENDS } from './support/databases.js';
import { click, conversion, NOW, touch } from './support/events.js';

const RULES = {
  commission: { sale: { percent: 10 }, lead: { flat: { USD: 500 } } },
  partners: { alice: { sale: { percent: 15 } } },
};

describe.each(BACKENDS)('the admin API on %s', (backend) => {
  const ctx = useCollector(backend, { rules: RULES });

  /** The example program: alice 10 clicks and 2 sales, bob 2 clicks and 1 sale, one duplicate order. */
  const seed = async () => {
    const events = [
      ...Array.from({ length: 10 }, () => click('alice')),
      ...Array.from({ length: 2 }, () => click('bob')),
      conversion({ orderId: 'A-1', amount: 4950, touchpoints: [touch('alice')] }),
      conversion({ orderId: 'A-2', amount: 4950, touchpoints: [touch('alice')] }),
      conversion({ orderId: 'B-1', amount: 3000, touchpoints: [touch('bob')] }),
      conversion({ orderId: 'A-2', amount: 4950, touchpoints: [touch('alice')] }),
    ];
    expect((await post(ctx.collector, events)).status).toBe(200);
  };

  it('refuses every route without the right token', async () => {
    for (const path of ['/summary', '/partners', '/conversions', '/payouts', '/payouts?format=csv'])
      for (const token of ['', 'wrong', TOKEN + 'x', TOKEN.slice(1)]) expect((await api(ctx.collector, path, {}, token)).status).toBe(401);
    const refund = await api(ctx.collector, '/refunds', { method: 'POST', body: '{"orderId":"A-1"}' }, 'nope');
    expect(refund.status).toBe(401);
    expect((await ctx.collector.fetch(new Request('http://collector/api/summary'))).status).toBe(401);
  });

  it('summarises clicks, conversions, revenue, commission, duplicates, rejected and flagged', async () => {
    await seed();
    await post(ctx.collector, [{ id: 'bad', type: 'click' }, click('alice')]);
    expect(await json(api(ctx.collector, '/summary'))).toEqual({
      clicks: 13,
      conversions: 3,
      revenue: { USD: 12900 },
      // alice's 15% of 4950 is 742.5, rounded half-even to 742, twice; bob's 10% of 3000 is 300.
      commission: { USD: 742 + 742 + 300 },
      duplicates: 1,
      rejected: 1,
      flagged: 0,
      test: { clicks: 0, conversions: 0 },
    });
  });

  it('lists partners with conversion rate and EPC', async () => {
    await seed();
    const partners = await json(api(ctx.collector, '/partners'));
    expect(partners).toEqual([
      { ref: 'alice', clicks: 10, conversions: 2, revenue: { USD: 9900 }, commission: { USD: 1484 }, conversionRate: 0.2, epc: { USD: 148 } },
      { ref: 'bob', clicks: 2, conversions: 1, revenue: { USD: 3000 }, commission: { USD: 300 }, conversionRate: 0.5, epc: { USD: 150 } },
    ]);
  });

  it('filters by period', async () => {
    await post(ctx.collector, [click('alice', NOW - 10 * 864e5), click('alice', NOW)]);
    const day = new Date(NOW).toISOString().slice(0, 10);
    expect((await json(api(ctx.collector, `/summary?from=${day}&to=${day}`))).clicks).toBe(1);
    expect((await json(api(ctx.collector, `/summary?to=${NOW - 864e5}`))).clicks).toBe(1);
    expect((await api(ctx.collector, '/summary?from=yesterday')).status).toBe(400);
  });

  it('lists conversions newest first, by partner and status', async () => {
    await seed();
    const all = await json(api(ctx.collector, '/conversions'));
    expect(all).toHaveLength(4);
    const duplicates = await json(api(ctx.collector, '/conversions?status=duplicate'));
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]).toMatchObject({ orderId: 'A-2', commission: 0, status: 'duplicate', flags: ['duplicate_order'] });
    const bob = await json(api(ctx.collector, '/conversions?ref=bob'));
    expect(bob).toEqual([
      expect.objectContaining({ orderId: 'B-1', ref: 'bob', amount: 3000, currency: 'USD', commission: 300, commissionCurrency: 'USD', status: 'approved', journey: 'browser' }),
    ]);
    expect((await api(ctx.collector, '/conversions?status=paid')).status).toBe(400);
    expect((await api(ctx.collector, '/conversions?limit=0')).status).toBe(400);
  });

  it('refunds in full and in part, reversing the matching share of the commission', async () => {
    await seed();
    const partial = await api(ctx.collector, '/refunds', { method: 'POST', body: JSON.stringify({ orderId: 'B-1', amount: 1000 }) });
    expect(partial.status).toBe(200);
    expect(await partial.json()).toMatchObject({ refunded: 1000, totalRefunded: 1000, reversed: 100, totalReversed: 100 });
    const rest = await json(api(ctx.collector, '/refunds', { method: 'POST', body: JSON.stringify({ orderId: 'B-1' }) }));
    expect(rest).toMatchObject({ refunded: 2000, totalRefunded: 3000, reversed: 200, totalReversed: 300 });
    const [b1] = await json(api(ctx.collector, '/conversions?ref=bob'));
    expect(b1).toMatchObject({ status: 'reversed', reversed: 300, refunded: 3000 });
    const summary = await json(api(ctx.collector, '/summary'));
    expect(summary.commission).toEqual({ USD: 1484 });
    expect(summary.revenue).toEqual({ USD: 9900 });
    const again = await api(ctx.collector, '/refunds', { method: 'POST', body: JSON.stringify({ orderId: 'B-1', amount: 1 }) });
    expect(again.status).toBe(409);
  });

  it('answers 404 with a clear message for an unknown order, and 400 for a malformed refund', async () => {
    const res = await api(ctx.collector, '/refunds', { method: 'POST', body: JSON.stringify({ orderId: 'NOPE' }) });
    expect(res.status).toBe(404);
    expect((await json(res)).error).toBe('no conversion with orderId "NOPE"');
    for (const body of ['{', '[]', 'null', '{"orderId":5}', '{"orderId":"A-1","amount":-5}', '{"orderId":"A-1","amount":1.5}', '{"orderId":"A-1","amount":"10"}'])
      expect((await api(ctx.collector, '/refunds', { method: 'POST', body })).status, body).toBe(400);
  });

  it('reports payouts per partner and currency, approved minus reversed, as JSON and CSV', async () => {
    await seed();
    await post(ctx.collector, [conversion({ orderId: 'E-1', amount: 10000, currency: 'EUR', touchpoints: [touch('alice')] })]);
    await api(ctx.collector, '/refunds', { method: 'POST', body: JSON.stringify({ orderId: 'A-1', amount: 4950 }) });
    expect(await json(api(ctx.collector, '/payouts'))).toEqual([
      { ref: 'alice', currency: 'EUR', conversions: 1, approved: 1500, reversed: 0, payout: 1500 },
      { ref: 'alice', currency: 'USD', conversions: 2, approved: 1484, reversed: 742, payout: 742 },
      { ref: 'bob', currency: 'USD', conversions: 1, approved: 300, reversed: 0, payout: 300 },
    ]);
    const csv = await api(ctx.collector, '/payouts?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toBe(
      'ref,currency,conversions,approved,reversed,payout,payout_major\r\n' +
        'alice,EUR,1,1500,0,1500,15.00\r\nalice,USD,2,1484,742,742,7.42\r\nbob,USD,1,300,0,300,3.00\r\n',
    );
  });

  it('prices leads flat, and lists the partners the rules name even without activity', async () => {
    await post(ctx.collector, [conversion({ type: 'signup', amount: 0, currency: '', touchpoints: [touch('carol')] })]);
    const [lead] = await json(api(ctx.collector, '/conversions'));
    expect(lead).toMatchObject({ ref: 'carol', commission: 500, commissionCurrency: 'USD', rule: 'lead_flat', currency: null });
    const refs = (await json(api(ctx.collector, '/partners'))).map((p: { ref: string }) => p.ref);
    expect(refs).toEqual(['alice', 'carol']);
  });
});
