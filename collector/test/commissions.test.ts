// Commissions end to end through ingest: recurring renewals bound through userId, hold periods,
// journeys from the merchant's server, the pixel, and migrations that run once.
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/storage/migrate.js';
import { api, json, post, TOKEN } from './support/client.js';
import { useCollector } from './support/collector.js';
import { BACKENDS } from './support/databases.js';
import { conversion, NOW, touch } from './support/events.js';

const DAY = 864e5;
const RULES = {
  commission: { sale: { percent: 10 }, recurring: { months: 3 }, holdDays: 14 },
  partners: { alice: { holdDays: 0 } },
};

describe.each(BACKENDS)('commissions on %s', (backend) => {
  const ctx = useCollector(backend, { rules: RULES });

  it('pays the referring partner for the customer’s renewals, for the recurring months only', async () => {
    const first = conversion({ orderId: 'S-1', amount: 2000, userId: 'u1', touchpoints: [touch('alice', NOW - DAY)], ts: NOW });
    const renewal = (orderId: string, days: number) => conversion({ orderId, amount: 2000, userId: 'u1', type: 'renewal', touchpoints: [], ts: NOW + days * DAY });
    await post(ctx.collector, [first]);
    await post(ctx.collector, [renewal('S-2', 30), renewal('S-3', 120)]);
    await post(ctx.collector, [conversion({ orderId: 'S-4', amount: 2000, userId: 'u2', touchpoints: [], ts: NOW })]);
    const rows = await json(api(ctx.collector, '/conversions'));
    const byOrder = Object.fromEntries(rows.map((r: any) => [r.orderId, r]));
    expect(byOrder['S-1']).toMatchObject({ ref: 'alice', commission: 200, rule: 'sale_percent' });
    expect(byOrder['S-2']).toMatchObject({ ref: 'alice', commission: 200, rule: 'recurring_percent' });
    expect(byOrder['S-3']).toMatchObject({ ref: null, commission: 0, rule: 'none' });
    expect(byOrder['S-4']).toMatchObject({ ref: null, commission: 0 });
  });

  it('binds the customer to the first partner, not a later one', async () => {
    await post(ctx.collector, [conversion({ orderId: 'F-1', userId: 'u9', touchpoints: [touch('alice', NOW - DAY)], ts: NOW })]);
    await post(ctx.collector, [conversion({ orderId: 'F-2', userId: 'u9', touchpoints: [touch('bob', NOW + DAY)], ts: NOW + 2 * DAY })]);
    expect(await ctx.db.query(`SELECT user_id, ref FROM customers`)).toEqual([{ user_id: 'u9', ref: 'alice' }]);
  });

  it('holds commissions for the hold period: pending, counted as earned, not paid', async () => {
    const recent = conversion({ orderId: 'H-1', amount: 10000, touchpoints: [touch('bob', Date.now() - DAY)], ts: Date.now() });
    const old = conversion({ orderId: 'H-2', amount: 10000, touchpoints: [touch('bob', Date.now() - 40 * DAY)], ts: Date.now() - 30 * DAY });
    await post(ctx.collector, [recent, old]);
    const statuses = Object.fromEntries((await json(api(ctx.collector, '/conversions'))).map((r: any) => [r.orderId, r.status]));
    expect(statuses).toEqual({ 'H-1': 'pending', 'H-2': 'approved' });
    expect((await json(api(ctx.collector, '/conversions?status=pending'))).map((r: any) => r.orderId)).toEqual(['H-1']);
    expect((await json(api(ctx.collector, '/summary'))).commission).toEqual({ USD: 2000 });
    expect(await json(api(ctx.collector, '/payouts'))).toEqual([{ ref: 'bob', currency: 'USD', conversions: 1, approved: 1000, reversed: 0, payout: 1000 }]);
  });

  it('marks journeys from the merchant’s server: its token, or its server-set cookie holding the awarded touch', async () => {
    const a = touch('alice', NOW - DAY);
    // The cookie format of reftrace's codec: `1.` + base64url([anonymousId, userId || 0, rows of the touchpoint fields]).
    const fields = ['id', 'ts', 'ref', 'channel', 'source', 'medium', 'campaign', 'term', 'content', 'clickIds', 'landing', 'referrer', 'flags'] as const;
    const row = fields.map((f) => a[f] ?? 0);
    const cookie = '_reftrace_s=1.' + Buffer.from(JSON.stringify(['anon-1', 0, [row]])).toString('base64url');
    await post(ctx.collector, [conversion({ orderId: 'J-1', touchpoints: [a] })], { cookie });
    await post(ctx.collector, [conversion({ orderId: 'J-2', touchpoints: [a] })], { authorization: `Bearer ${TOKEN}` });
    await post(ctx.collector, [conversion({ orderId: 'J-3', touchpoints: [a] })], { authorization: 'Bearer wrong', cookie: '_reftrace_s=garbage' });
    const journeys = Object.fromEntries((await json(api(ctx.collector, '/conversions'))).map((r: any) => [r.orderId, r.journey]));
    expect(journeys).toEqual({ 'J-1': 'server_cookie', 'J-2': 'server', 'J-3': 'browser' });
  });

  it('answers the image pixel with a GIF', async () => {
    const event = conversion({ orderId: 'P-1' });
    const res = await ctx.collector.fetch(new Request('http://collector/e?d=' + encodeURIComponent(JSON.stringify([event]))));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(new Uint8Array(await res.arrayBuffer()).slice(0, 6)).toEqual(new TextEncoder().encode('GIF89a'));
    expect(await ctx.db.query(`SELECT via FROM events`)).toEqual([{ via: 'pixel' }]);
  });

  it('applies each migration once, however often and however concurrently it runs', async () => {
    expect(await Promise.all([migrate(ctx.db), migrate(ctx.db)])).toEqual([[], []]);
    expect(await ctx.db.query(`SELECT version FROM schema_migrations ORDER BY version`)).toEqual([{ version: 1 }]);
  });

  it('mounts the SDK’s server-cookie handler', async () => {
    const res = await ctx.collector.fetch(new Request('http://collector/journey', { method: 'DELETE' }));
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^_reftrace_s=; Path=\/; Max-Age=0/);
  });
});
