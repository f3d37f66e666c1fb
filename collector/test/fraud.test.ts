// The fraud rules (docs/fraud.md): each one with a conversion that trips it and one that must not,
// the ordinary demo journey held by none, and the review API that decides held conversions.
import { createHash } from 'node:crypto';
import type { ConversionEvent, Journey, Touchpoint } from 'reftrace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCollector, type Collector } from '../src/collector.js';
import type { Database } from '../src/storage/database.js';
import { BACKENDS, openTestDatabase, resetDatabase } from './support/databases.js';
import { click, conversion, touch } from './support/events.js';

const SECRET = 'collector-test-secret-0123456789';
const ADMIN = 'admin-token';
const MIN = 6e4;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const RULES = {
  commission: { sale: { percent: 10 } },
  fraud: { partners: { alice: { userIds: ['user-alice'], emailHashes: [sha256('alice@example.com')] } }, coupons: { CAROL10: 'carol' } },
};

// The journey cookie's format (`1.` + base64url of the compact JSON), as the SDK writes it.
const FIELDS = ['id', 'ts', 'ref', 'channel', 'source', 'medium', 'campaign', 'term', 'content', 'clickIds', 'landing', 'referrer', 'flags', 'subIds', 'signals'] as const;
const encode = (j: Journey) =>
  '1.' + Buffer.from(JSON.stringify([j.anonymousId, j.userId || 0, j.touchpoints.map((t) => FIELDS.map((f) => t[f] ?? 0))])).toString('base64url');

interface From {
  ip?: string;
  ua?: string;
  cookie?: string;
}

describe.each(BACKENDS)('fraud rules on %s', (backend) => {
  let db: Database;
  let collector: Collector;
  const open = async (rules: Record<string, unknown> = RULES) =>
    createCollector({ database: db, rules, adminToken: ADMIN, secret: SECRET, rateLimit: { trustProxy: true, limit: 0 } });
  beforeAll(async () => {
    db = await openTestDatabase(backend);
    collector = await open();
  });
  afterAll(() => db?.close());
  beforeEach(() => resetDatabase(db));

  const post = async (events: unknown[], { ip = '203.0.113.5', ua = 'Mozilla/5.0 (X11; Linux) Test', cookie }: From = {}, c = collector) => {
    const response = await c.fetch(
      new Request('http://collector/e', { method: 'POST', headers: { 'x-forwarded-for': ip, 'user-agent': ua, ...(cookie ? { cookie } : {}) }, body: JSON.stringify(events) }),
    );
    expect(response.status).toBe(200);
  };
  const api = (path: string, init: RequestInit = {}) =>
    collector.fetch(new Request('http://collector/api' + path, { ...init, headers: { authorization: 'Bearer ' + ADMIN, ...init.headers } }));
  const stored = async (id: string) => (await db.query(`SELECT status, reasons, journey, commission FROM conversions WHERE event_id = $1`, [id]))[0];
  const rulesOf = async (id: string) => ((await stored(id)).reasons as { rule: string }[]).map((r) => r.rule);

  /** The ordinary demo journey: a partner's click, ten minutes of shopping, a purchase. */
  const demo = (ref = 'alice', extra: Partial<ConversionEvent> = {}, sinceClick = 10 * MIN) => {
    const now = Date.now();
    const t: Touchpoint = { ...touch(ref, now - sinceClick), signals: { recentClicks: 1 } };
    const c = conversion({ touchpoints: [t], ts: now, amount: 4999 });
    return { touch: t, click: { ...click(ref, t.ts), touchpoint: t }, conversion: { ...c, signals: { recentClicks: 1, sinceClick }, ...extra } as ConversionEvent };
  };
  /** A journey cookie signed by the collector's own `/journey` handler. */
  const signedCookie = async (journey: Journey) => {
    const response = await collector.fetch(new Request('http://collector/journey', { method: 'POST', body: encode(journey), headers: { 'sec-fetch-site': 'same-origin' } }));
    expect(response.status).toBe(204);
    return response.headers.get('set-cookie')!.split(';')[0];
  };

  it('holds nothing of the ordinary demo journey, signed or not', async () => {
    const plain = demo();
    await post([plain.click]);
    await post([plain.conversion]);
    expect(await stored(plain.conversion.id)).toMatchObject({ status: 'approved', reasons: [], journey: 'unverified', commission: 500 });
    const signed = demo();
    const cookie = await signedCookie({ anonymousId: signed.conversion.anonymousId, touchpoints: [signed.touch] });
    await post([signed.click, signed.conversion], { cookie });
    expect(await stored(signed.conversion.id)).toMatchObject({ status: 'approved', reasons: [], journey: 'signed' });
  });

  it('self_referral: the buyer is the partner, by user id or by a hashed e-mail given to identify', async () => {
    const byUser = demo('alice', { userId: 'user-alice' });
    await post([byUser.conversion]);
    expect(await rulesOf(byUser.conversion.id)).toEqual(['self_referral']);
    const byEmail = demo('alice', { anonymousId: 'anon-email' });
    const identify = { ...click('alice'), type: 'identify', userId: 'someone', anonymousId: 'anon-email', traits: { emailHash: sha256('alice@example.com').toUpperCase() } };
    delete (identify as { touchpoint?: unknown }).touchpoint;
    // In the same delivery as the conversion, as a page that identifies and converts sends them.
    await post([identify, byEmail.conversion]);
    expect(await rulesOf(byEmail.conversion.id)).toEqual(['self_referral']);
    const customer = demo('alice', { userId: 'user-bob' });
    await post([customer.conversion]);
    expect(await rulesOf(customer.conversion.id)).toEqual([]);
  });

  it('click_flood: more clicks for the partner from one address and browser than a person makes', async () => {
    const flood = demo();
    await post(Array.from({ length: 21 }, () => click('alice', Date.now())));
    await post([flood.conversion]);
    expect(await stored(flood.conversion.id)).toMatchObject({ status: 'review', reasons: [{ rule: 'click_flood', reason: 'too many clicks for this partner from one address and browser' }] });
    // As many clicks, but from many addresses (an office of shoppers), or from this one for another partner: no flood.
    await resetDatabase(db);
    for (let i = 0; i < 21; i++) await post([click('alice', Date.now())], { ip: `198.51.100.${i}` });
    await post(Array.from({ length: 21 }, () => click('bob', Date.now())));
    const fine = demo();
    await post([fine.conversion]);
    expect(await rulesOf(fine.conversion.id)).toEqual([]);
  });

  it('too_fast: a conversion seconds after the credited click', async () => {
    const fast = demo('alice', {}, 3000);
    await post([fast.conversion]);
    expect(await rulesOf(fast.conversion.id)).toEqual(['too_fast']);
    const human = demo('alice', {}, 60_000);
    await post([human.conversion]);
    expect(await rulesOf(human.conversion.id)).toEqual([]);
  });

  it('journey_unverified: a tampered cookie always; an unsigned one when the rules require signing', async () => {
    const forged = demo();
    const cookie = await signedCookie({ anonymousId: forged.conversion.anonymousId, touchpoints: [forged.touch] });
    const [name, value] = cookie.split('=');
    const mallory = encode({ anonymousId: 'x', touchpoints: [{ ...forged.touch, ref: 'mallory' }] });
    await post([forged.conversion], { cookie: `${name}=${mallory}.${value.split('.')[2]}` });
    expect(await stored(forged.conversion.id)).toMatchObject({ status: 'review', journey: 'tampered' });
    expect(await rulesOf(forged.conversion.id)).toEqual(['journey_unverified']);

    const strict = await open({ ...RULES, fraud: { ...RULES.fraud, rules: { journey_unverified: { require: 'signed' } } } });
    const unsigned = demo();
    await post([unsigned.conversion], {}, strict);
    expect(await rulesOf(unsigned.conversion.id)).toEqual(['journey_unverified']);
    const signed = demo();
    await post([signed.conversion], { cookie: await signedCookie({ anonymousId: 'a', touchpoints: [signed.touch] }) }, strict);
    expect(await stored(signed.conversion.id)).toMatchObject({ status: 'approved', journey: 'signed' });
  });

  it("award_mismatch: the browser's award differs from the recomputed one", async () => {
    const honest = demo();
    const claimed = { ...honest.conversion, award: { ...honest.conversion.award, ref: 'mallory' } };
    await post([claimed]);
    expect(await rulesOf(claimed.id)).toEqual(['award_mismatch']);
    const again = demo();
    await post([again.conversion]);
    expect(await rulesOf(again.conversion.id)).toEqual([]);
  });

  it("coupon_hijack: the order's coupon belongs to another partner than the one credited", async () => {
    const hijack = demo('alice');
    hijack.conversion.conversion.coupon = 'carol10';
    await post([hijack.conversion]);
    expect(await rulesOf(hijack.conversion.id)).toEqual(['coupon_hijack']);
    const own = demo('carol');
    own.conversion.conversion.coupon = 'CAROL10';
    await post([own.conversion]);
    expect(await rulesOf(own.conversion.id)).toEqual([]);
  });

  it('duplicate_order: one order credited to two partners in two browsers holds the first', async () => {
    const first = demo('alice');
    const orderId = first.conversion.conversion.orderId!;
    await post([first.conversion]);
    const other = demo('mallory', { anonymousId: 'other-browser' });
    other.conversion.conversion.orderId = orderId;
    await post([other.conversion]);
    expect(await stored(first.conversion.id)).toMatchObject({ status: 'review', reasons: [{ rule: 'duplicate_order' }] });
    expect(await stored(other.conversion.id)).toMatchObject({ status: 'duplicate', commission: 0 });
    // The same partner in both: a customer on two devices.
    const a = demo('alice');
    const b = demo('alice', { anonymousId: 'phone' });
    b.conversion.conversion.orderId = a.conversion.conversion.orderId;
    await post([a.conversion]);
    await post([b.conversion]);
    expect(await stored(a.conversion.id)).toMatchObject({ status: 'approved', reasons: [] });
  });

  it('order_burst: many orders from one visitor in a short time', async () => {
    const orders = Array.from({ length: 6 }, () => demo().conversion);
    for (const o of orders.slice(0, 5)) await post([o]);
    // The same order delivered again (a new event id) is no sixth order.
    await post([{ ...orders[4], id: orders[4].id + 'x' }]);
    expect(await rulesOf(orders[4].id)).toEqual([]);
    await post([orders[5]]);
    expect(await rulesOf(orders[5].id)).toEqual(['order_burst']);
  });

  it('browser_signals: automation or a framed landing, not a background tab', async () => {
    const bot = demo('alice', { signals: { automated: true, recentClicks: 1 } } as Partial<ConversionEvent>);
    await post([bot.conversion]);
    expect(await stored(bot.conversion.id)).toMatchObject({ status: 'review', reasons: [{ rule: 'browser_signals' }] });
    const tab = demo();
    tab.conversion.touchpoints[0].signals = { hidden: true, recentClicks: 1 };
    await post([tab.conversion]);
    expect(await rulesOf(tab.conversion.id)).toEqual([]);
  });

  it('each rule can be turned off or given its own reason; a typo is refused at start', async () => {
    const quiet = await open({ ...RULES, fraud: { rules: { too_fast: { enabled: false }, browser_signals: { reason: 'bot, ask Sam' } } } });
    const event = demo('alice', { signals: { automated: true } } as Partial<ConversionEvent>, 1000);
    await post([event.conversion], {}, quiet);
    expect((await stored(event.conversion.id)).reasons).toEqual([{ rule: 'browser_signals', reason: 'bot, ask Sam' }]);
    await expect(open({ fraud: { rules: { too_fats: {} } } })).rejects.toThrow(/invalid rules/);
    await expect(open({ fraud: { rules: { too_fast: { minSeconds: -1 } } } })).rejects.toThrow(/invalid rules/);
  });

  it('lists held conversions with their reasons, and approves or rejects them', async () => {
    const [a, b] = [demo('alice', {}, 1000), demo('alice', {}, 2000)];
    await post([a.conversion, b.conversion]);
    const held = (await (await api('/conversions?status=pending')).json()) as { id: string; reasons: unknown }[];
    expect(held.map((c) => c.id).sort()).toEqual([a.conversion.id, b.conversion.id].sort());
    expect(held[0].reasons).toEqual([{ rule: 'too_fast', reason: 'converted too soon after the credited click' }]);
    const review = (id: string, body: unknown) => api(`/conversions/${id}/review`, { method: 'POST', body: JSON.stringify(body) });
    expect(await (await review(a.conversion.id, { decision: 'approve', note: 'checked the order' })).json()).toEqual({ ok: true, id: a.conversion.id, status: 'approved' });
    expect((await review(b.conversion.id, { decision: 'reject' })).status).toBe(200);
    expect((await review(b.conversion.id, { decision: 'approve' })).status).toBe(409);
    expect((await review('nope', { decision: 'approve' })).status).toBe(404);
    expect((await review(a.conversion.id, { decision: 'maybe' })).status).toBe(400);
    expect((await api(`/conversions/${a.conversion.id}/review`, { method: 'POST', body: '{' })).status).toBe(400);
    expect((await collector.fetch(new Request(`http://collector/api/conversions/${a.conversion.id}/review`, { method: 'POST', body: '{"decision":"approve"}' }))).status).toBe(401);
    const approved = (await (await api('/conversions?status=approved')).json()) as { id: string; reviewNote: string }[];
    expect(approved.map((c) => [c.id, c.reviewNote])).toEqual([[a.conversion.id, 'checked the order']]);
    expect(((await (await api('/conversions?status=rejected')).json()) as { id: string }[]).map((c) => c.id)).toEqual([b.conversion.id]);
    // Only the approved one pays.
    const payouts = await (await api('/payouts')).json();
    expect(payouts).toMatchObject([{ ref: 'alice', conversions: 1, payout: 500 }]);
  });
});
