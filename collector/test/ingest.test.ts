import { describe, expect, it } from 'vitest';
import { useCollector } from './support/collector.js';
import { BACKENDS } from './support/databases.js';
import { post } from './support/client.js';
import { click, conversion, NOW, touch } from './support/events.js';


describe.each(BACKENDS)('ingest into %s', (backend) => {
  const ctx = useCollector(backend, { rules: { commission: { sale: { percent: 10 } } } });

  it('stores a batch once, however often it is delivered', async () => {
    const batch = [click('alice'), conversion()];
    const first = await post(ctx.collector, batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ stored: 2, duplicates: 0, rejected: [] });
    const again = await Promise.all([post(ctx.collector, batch), post(ctx.collector, batch), post(ctx.collector, [batch[1]])]);
    for (const r of again) expect(r.status).toBe(200);
    expect(await again[0].json()).toMatchObject({ stored: 0, duplicates: 2 });
    expect(await ctx.db.query(`SELECT id FROM events`)).toHaveLength(2);
    expect(await ctx.db.query(`SELECT event_id FROM conversions`)).toHaveLength(1);
  });

  it('records invalid events with their reason and stores the valid ones', async () => {
    const good = click('bob');
    const res = await post(ctx.collector, [good, { id: 'x1', type: 'click' }, 42]);
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body.stored).toBe(1);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2]);
    const rejected = await ctx.db.query(`SELECT event_id, reason FROM rejected ORDER BY id`);
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toMatchObject({ event_id: 'x1' });
    expect(rejected[0].reason).toMatch(/^schema: /);
  });

  it('answers 400 when no event is valid, and still records them', async () => {
    const res = await post(ctx.collector, [{ id: 'y', type: 'nope' }]);
    expect(res.status).toBe(400);
    expect(await ctx.db.query(`SELECT * FROM rejected`)).toHaveLength(1);
    expect(await ctx.db.query(`SELECT * FROM events`)).toHaveLength(0);
  });

  it('stores a second conversion of an order as a duplicate that earns nothing', async () => {
    const a = conversion({ orderId: 'A-1', amount: 10000 });
    const b = { ...conversion({ orderId: 'A-1', amount: 10000 }), anonymousId: 'other-browser' };
    await post(ctx.collector, [a]);
    await post(ctx.collector, [b]);
    const rows = await ctx.db.query(`SELECT event_id, status, commission FROM conversions ORDER BY at, event_id`);
    expect(rows.find((r) => r.event_id == a.id)).toMatchObject({ status: 'approved', commission: 1000 });
    expect(rows.find((r) => r.event_id == b.id)).toMatchObject({ status: 'duplicate', commission: 0 });
  });

  it('corrects the device clock by the skew between sentAt and arrival', async () => {
    const event = { ...click('alice'), ts: 1_000_000, sentAt: 1_000_500 };
    const before = Date.now();
    await post(ctx.collector, [event]);
    const [row] = await ctx.db.query(`SELECT at, received_at FROM events`);
    expect(row.received_at).toBeGreaterThanOrEqual(before);
    expect(row.at).toBe(1_000_000 + row.received_at - 1_000_500);
  });

  it('pays the recomputed award and flags a browser that claimed another partner', async () => {
    const alice = touch('alice', NOW - 2e5);
    const mallory = touch('mallory', NOW - 1e5);
    const honest = conversion({ touchpoints: [alice, mallory], amount: 2000 });
    const forged = { ...honest, award: { ...honest.award, ref: 'alice', touchpointId: alice.id } };
    await post(ctx.collector, [forged]);
    const [row] = await ctx.db.query(`SELECT ref, flags, claimed, award, commission FROM conversions`);
    expect(row.ref).toBe('mallory');
    expect(row.commission).toBe(200);
    expect(row.flags).toContain('award_mismatch');
    expect(row.claimed.award.ref).toBe('alice');
    expect(row.award.ref).toBe('mallory');
  });
});
