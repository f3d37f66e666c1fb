// The dashboard and the partner pages through the collector's own fetch handler, on the embedded
// database: who may see what, the figures against the API's, the forms and their CSRF fences.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector, type Collector } from '../../src/collector.js';
import { formatMoney } from '../../src/pages/money.js';
import type { Database } from '../../src/storage/database.js';
import { openTestDatabase } from '../support/databases.js';
import { click, conversion, touch } from '../support/events.js';

const ORIGIN = 'http://collector.test';
// The collector dates events by its own clock (skew correction), so they land today.
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const PERIOD = `from=${day(-30)}&to=${day(1)}`;
const ADMIN = 'admin-secret';

let db: Database;
let collector: Collector;
let cookie = '';

const request = (path: string, init: RequestInit & { cookie?: string } = {}) => {
  const headers = new Headers(init.headers);
  if (init.cookie ?? cookie) headers.set('cookie', init.cookie ?? cookie);
  return collector.fetch(new Request(ORIGIN + path, { ...init, headers, redirect: 'manual' }));
};
const api = async (path: string, init: RequestInit = {}) =>
  collector.fetch(new Request(ORIGIN + path, { ...init, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...init.headers } }));
const form = (path: string, fields: Record<string, string>, extra: { cookie?: string; origin?: string; auth?: string } = {}) =>
  request(path, {
    method: 'POST',
    cookie: extra.cookie,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: extra.origin ?? ORIGIN, ...(extra.auth ? { authorization: extra.auth } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1];

beforeAll(async () => {
  db = await openTestDatabase('pglite');
  collector = await createCollector({
    database: db,
    adminToken: ADMIN,
    rules: { commission: { sale: { percent: 10 } }, partners: { alice: { sale: { percent: 15 } } } },
    dashboard: { shopPages: ['https://shop.example/', { label: 'Shoes', url: 'https://shop.example/shoes?size=42#top' }] },
  });
  await collector.ingest(
    [
      click('alice'),
      click('alice'),
      { ...click('bob'), touchpoint: touch('bob', undefined, { subIds: { sub1: 'yt' } } as never) },
      conversion({ orderId: 'A-1', amount: 10000 }),
      conversion({ orderId: 'B-1', amount: 4999, touchpoints: [touch('bob', undefined, { subIds: { sub1: 'yt' } } as never)] }),
    ],
    { via: 'post' },
  );
});
afterAll(() => db?.close());

describe('without a session', () => {
  it('every page asks to sign in, every form and the API answer 401', async () => {
    for (const path of ['/', '/partners', '/partners/alice', '/conversions', '/payouts', '/payouts.csv', '/health']) {
      const res = await request(path, { cookie: '' });
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toBe('/signin?next=' + encodeURIComponent(path));
    }
    for (const path of ['/signout', '/conversions/refund', '/partners/alice/tokens']) expect((await form(path, { orderId: 'A-1' }, { cookie: '' })).status, path).toBe(401);
    for (const path of ['/api/summary', '/api/health', '/api/daily?from=2026-12-01&to=2026-12-01', '/api/partners/alice/tokens'])
      expect((await collector.fetch(new Request(ORIGIN + path))).status, path).toBe(401);
    expect((await request('/p/alice', { cookie: '' })).headers.get('location')).toBe('/p/alice/signin');
  });

  it('the sign-in refuses a wrong token and starts a strict, HttpOnly session with the right one', async () => {
    const wrong = await form('/signin', { token: 'nope', next: '/' }, { cookie: '' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const crossSite = await form('/signin', { token: ADMIN, next: '/' }, { cookie: '', origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const ok = await form('/signin', { token: ADMIN, next: '//evil.example/' }, { cookie: '' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/');
    expect(ok.headers.get('set-cookie')).toMatch(/^rt_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/);
    cookie = ok.headers.get('set-cookie')!.split(';')[0];
  });
});

describe('signed in', () => {
  it('serves pages under a strict Content-Security-Policy', async () => {
    const res = await request('/?' + PERIOD);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('shows the API’s figures on the overview', async () => {
    const html = await (await request('/?' + PERIOD)).text();
    const summary = (await (await api('/api/summary?' + PERIOD)).json()) as { clicks: number; conversions: number; revenue: Record<string, number>; commission: Record<string, number> };
    const shown = Object.fromEntries([...html.matchAll(/data-figure="([^"]+)">([\s\S]*?)<\/dd>/g)].map((m) => [m[1], m[2].replace(/<[^>]+>/g, '')]));
    expect(shown.clicks).toBe(String(summary.clicks));
    expect(shown.conversions).toBe(String(summary.conversions));
    expect(shown.revenue).toBe(formatMoney(summary.revenue.USD, 'USD'));
    expect(shown.commission).toBe(formatMoney(summary.commission.USD, 'USD'));
    expect(summary.commission.USD).toBe(1500 + 500);
  });

  it('answers the daily figures and health from the API too', async () => {
    // Every day of the period, adding up to the summary's figures.
    const days = (await (await api('/api/daily?' + PERIOD)).json()) as { day: string; clicks: number; conversions: number; revenue: Record<string, number>; commission: Record<string, number> }[];
    const summary = (await (await api('/api/summary?' + PERIOD)).json()) as { clicks: number; conversions: number; revenue: Record<string, number>; commission: Record<string, number> };
    expect(days).toHaveLength(32);
    expect(days[0].day).toBe(day(-30));
    const total = (f: (d: (typeof days)[number]) => number) => days.reduce((n, d) => n + f(d), 0);
    expect(total((d) => d.clicks)).toBe(summary.clicks);
    expect(total((d) => d.conversions)).toBe(summary.conversions);
    expect(total((d) => d.revenue.USD ?? 0)).toBe(summary.revenue.USD);
    expect(total((d) => d.commission.USD ?? 0)).toBe(summary.commission.USD);
    expect(summary).toMatchObject({ clicks: 3, conversions: 2, revenue: { USD: 14999 } });
    expect(await (await api('/api/health')).json()).toMatchObject({ received: 5, duplicates: 0, rejected: [] });
    expect((await api('/api/daily?from=2026-12-01')).status).toBe(400);
  });

  it('breaks a partner down by sub-id, channel and award reason', async () => {
    const html = await (await request('/partners/bob?' + PERIOD)).text();
    expect(html).toMatch(/<th scope="row">sub1=yt<\/th><td class="num">1<\/td><td class="num">1<\/td>/);
    expect(html).toMatch(/<th scope="row">affiliate<\/th>/);
    expect(html).toMatch(/<th scope="row">last click<\/th><td class="num">1<\/td>/);
  });

  it('refuses forms without the session’s CSRF token or from another origin', async () => {
    const html = await (await request('/conversions')).text();
    const csrf = csrfOf(html);
    expect((await form('/conversions/refund', { orderId: 'A-1' })).status).toBe(403);
    expect((await form('/conversions/refund', { orderId: 'A-1', csrf: csrf.slice(1) + 'x' })).status).toBe(403);
    expect((await form('/conversions/refund', { orderId: 'A-1', csrf }, { origin: 'https://evil.example' })).status).toBe(403);
    const [row] = (await (await api('/api/conversions?ref=alice')).json()) as { refunded: number }[];
    expect(row.refunded).toBe(0);
  });

  it('refunds from the conversions list: the commission and the payout CSV follow', async () => {
    const csrf = csrfOf(await (await request('/conversions')).text());
    const res = await form('/conversions/refund', { orderId: 'A-1', amount: '25.00', csrf, back: '/conversions?ref=alice' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/conversions?ref=alice&refunded=A-1');
    const page = await (await request('/conversions?ref=alice&refunded=A-1')).text();
    expect(page).toContain('Refund recorded for order A-1.');
    expect(page).toMatch(/data-commission="1125">\$11\.25/);
    const csv = await (await request('/payouts.csv?' + PERIOD)).text();
    expect(csv).toBe(await (await api('/api/payouts?format=csv&' + PERIOD)).text());
    expect(csv).toMatch(/^alice,USD,1,1500,375,1125,11\.25$/m);
    const unknown = await form('/conversions/refund', { orderId: 'nope', csrf });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('no conversion with orderId');
    expect((await form('/conversions/refund', { orderId: 'A-1', amount: '1e3', csrf })).status).toBe(400);
  });

  it('serves its assets from a fixed list only', async () => {
    const js = await request('/assets/uPlot.iife.min.js', { cookie: '' });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    for (const path of ['/assets/..%2Fpackage.json', '/assets/%2e%2e%2fsrc%2fapp.ts', '/assets/constructor']) expect((await request(path)).status, path).toBe(404);
  });
});

describe('partner pages', () => {
  let alice = '';
  let aliceId = '';
  beforeAll(async () => {
    const issued = (await (await api('/api/partners/alice/tokens', { method: 'POST' })).json()) as { token: string; id: string; ref: string };
    expect(issued).toMatchObject({ ref: 'alice', token: expect.stringMatching(/^rtp_/) });
    alice = issued.token;
    aliceId = issued.id;
    expect((await api('/api/partners/bob/tokens', { method: 'POST' })).status).toBe(201);
    expect((await api('/api/partners/%3Cx%3E/tokens', { method: 'POST' })).status).toBe(400);
  });

  it('open the partner’s own page, and only theirs: another code is a 404', async () => {
    const own = await request('/p/alice?' + PERIOD, { cookie: '', headers: { authorization: `Bearer ${alice}` } });
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).toMatch(/data-figure="clicks">2</);
    expect(html).toMatch(/data-figure="approved"><span class="money" data-currency="USD" data-minor="1125">/);
    const other = await request('/p/bob', { cookie: '', headers: { authorization: `Bearer ${alice}` } });
    const none = await request('/p/nobody', { cookie: '', headers: { authorization: `Bearer ${alice}` } });
    expect(other.status).toBe(404);
    expect(none.status).toBe(404);
    expect(await other.text()).toBe(await none.text());
    expect((await form('/p/bob/signin', { token: alice }, { cookie: '' })).status).toBe(404);
    // The admin's session is not a partner's.
    expect((await request('/p/alice')).status).toBe(303);
  });

  it('sign a partner in with a session scoped to their page', async () => {
    const res = await form('/p/alice/signin', { token: alice }, { cookie: '' });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^rt_partner=[^;]+; Max-Age=604800; Path=\/p\/alice; HttpOnly; SameSite=Strict$/);
    const session = res.headers.get('set-cookie')!.split(';')[0];
    expect((await request('/p/alice', { cookie: session })).status).toBe(200);
    // A browser sends this cookie to /p/alice only (its Path); sent elsewhere by hand it opens nothing.
    expect((await request('/p/bob', { cookie: session })).status).toBe(404);
  });

  it('build links to the configured pages only, with the sub-ids, the share intent and the QR code', async () => {
    const q = new URLSearchParams({ target: 'https://shop.example/shoes?size=42#top', platform: 'x', sub1: 'yt', sub2: '' });
    const html = await (await request(`/p/alice?${q}`, { cookie: '', headers: { authorization: `Bearer ${alice}` } })).text();
    const link = /id="share-link" readonly value="([^"]+)"/.exec(html)![1].replaceAll('&amp;', '&');
    const url = new URL(link);
    expect(url.origin + url.pathname + url.hash).toBe('https://shop.example/shoes#top');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ size: '42', ref: 'alice', sub1: 'yt', utm_source: 'x' });
    expect(html).toContain('href="https://x.com/intent/tweet?url=');
    expect(html).toMatch(/<figure class="qr"><svg [^>]*viewBox/);
    const foreign = await (await request(`/p/alice?target=${encodeURIComponent('https://evil.example/')}`, { cookie: '', headers: { authorization: `Bearer ${alice}` } })).text();
    expect(foreign).toContain('Pick one of the listed pages.');
    expect(foreign).not.toContain('id="share-link"');
  });

  it('close the page once the merchant revokes the token', async () => {
    const session = (await form('/p/alice/signin', { token: alice }, { cookie: '' })).headers.get('set-cookie')!.split(';')[0];
    expect((await api(`/api/partners/alice/tokens/${aliceId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/partners/bob/tokens/${aliceId}`, { method: 'DELETE' })).status).toBe(404);
    expect((await request('/p/alice', { cookie: '', headers: { authorization: `Bearer ${alice}` } })).status).toBe(401);
    expect((await request('/p/alice', { cookie: session })).status).toBe(303);
    const tokens = (await (await api('/api/partners/alice/tokens')).json()) as { revokedAt: number | null; token?: string }[];
    expect(tokens).toHaveLength(1);
    expect(tokens[0].revokedAt).toEqual(expect.any(Number));
    expect(tokens[0]).not.toHaveProperty('token');
  });
});
