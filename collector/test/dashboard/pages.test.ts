// The pages as pure functions: what they show, that every value is escaped, and that nothing in
// them needs 'unsafe-inline' (no inline script, no style attribute, no event handler attribute).
import { describe, expect, it } from 'vitest';
import { conversionsPage } from '../../src/pages/conversions.js';
import type { ConversionRow, DayFigures, PartnerFigures } from '../../src/pages/data.js';
import { healthPage } from '../../src/pages/health.js';
import type { View } from '../../src/pages/layout.js';
import { overviewPage } from '../../src/pages/overview.js';
import { partnerDetailPage } from '../../src/pages/partner-detail.js';
import { partnerPortalPage } from '../../src/pages/partner-portal.js';
import { partnersPage, sortPartners } from '../../src/pages/partners.js';
import { payoutsPage } from '../../src/pages/payouts.js';
import { parsePeriod } from '../../src/pages/period.js';
import { signInPage } from '../../src/pages/signin.js';

const view: View = { locale: 'en-US', csrf: 'tok"en', path: '/' };
const period = parsePeriod({ from: '2026-12-01', to: '2026-12-02' });
const HOSTILE = '<img src=x onerror=alert(1)>';

const partner = (ref: string, clicks: number, commission: number): PartnerFigures => ({
  ref,
  clicks,
  conversions: 1,
  revenue: { USD: commission * 10 },
  commission: { USD: commission },
  conversionRate: clicks ? 1 / clicks : 0,
  epc: { USD: clicks ? Math.round(commission / clicks) : 0 },
});
const days: DayFigures[] = [
  { day: '2026-12-01', clicks: 3, conversions: 1, revenue: { USD: 4999 }, commission: { USD: 500 } },
  { day: '2026-12-02', clicks: 2, conversions: 0, revenue: {}, commission: {} },
];
const conversion = (over: Partial<ConversionRow> = {}): ConversionRow => ({
  id: 'ev1',
  orderId: 'A-1',
  type: 'purchase',
  at: Date.parse('2026-12-01T10:00:00Z'),
  ref: 'alice',
  amount: 4999,
  currency: 'USD',
  commission: 750,
  commissionCurrency: 'USD',
  reversed: 0,
  refunded: 0,
  status: 'approved',
  flags: [],
  journey: 'browser',
  award: { ref: 'alice', reason: 'last_touch' },
  attribution: { model: 'last_touch', credits: [{ ref: 'alice', amount: 4999 }] },
  ...over,
});

/** What a strict CSP would refuse, or what would let markup through. */
const unsafe = (html: string) => [
  ...[...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)].map((m) => m[0]),
  // An attribute named style or on…, after any number of quoted attributes in the same tag.
  ...[...html.matchAll(/<[a-z]+(?:\s+[\w-]+(?:="[^"]*")?)*\s+(style|on[a-z]+)=/g)].map((m) => m[0]),
  ...(html.includes(HOSTILE) ? [HOSTILE] : []),
];

const pages = () => ({
  signin: String(signInPage({ action: '/signin', next: '/x"><b>', who: 'merchant', error: HOSTILE })),
  overview: String(overviewPage(view, { period, summary: { clicks: 5, conversions: 1, revenue: { USD: 4999 }, commission: { USD: 500 }, duplicates: 1, rejected: 2, flagged: 0, test: { clicks: 3, conversions: 2 } }, days })),
  partners: String(partnersPage(view, { period, partners: [partner(HOSTILE, 4, 100), partner('bob', 10, 50)], sort: 'commission', dir: 'desc' })),
  detail: String(
    partnerDetailPage(view, {
      period,
      ref: 'alice',
      figures: partner('alice', 4, 750),
      subIds: [{ key: `sub1=${HOSTILE}`, clicks: 2, conversions: 1, revenue: { USD: 4999 }, commission: { USD: 750 } }],
      channels: [{ key: 'affiliate', clicks: 4, conversions: 1, revenue: { USD: 4999 }, commission: { USD: 750 } }],
      reasons: [{ reason: 'last_touch', count: 1 }],
      conversions: [conversion()],
      tokens: [{ id: 'ptk_1', createdAt: '2026-12-01T00:00:00.000Z', revokedAt: null }],
      issued: 'rtp_secret',
    }),
  ),
  conversions: String(conversionsPage(view, { filters: { ref: 'alice' }, conversions: [conversion(), conversion({ orderId: HOSTILE, status: 'reversed', refunded: 4999, reversed: 750, flags: ['attribution_mismatch'] }), conversion({ orderId: 'S-1', journey: 'collector', status: 'reversed', refunded: 4999 }), conversion({ orderId: 'T-1', status: 'test', commission: 0 })], refs: ['alice', 'bob'] })),
  payouts: String(payoutsPage(view, { period, payouts: [{ ref: 'alice', currency: 'USD', conversions: 2, approved: 1500, reversed: 750, payout: 750 }] })),
  health: String(healthPage(view, { received: 12, duplicates: 1, rejected: [{ reason: HOSTILE, count: 2 }], lastEventAt: '2026-12-01T10:00:00.000Z' })),
  portal: String(
    partnerPortalPage(view, {
      period,
      own: { ref: 'alice', clicks: 4, conversions: 1, commission: { approved: { USD: 750 }, pending: {} }, days, subIds: [] },
      builder: { pages: [{ label: 'Home', url: 'https://shop.example/' }], platforms: ['copy', 'x'], target: 'https://shop.example/', platform: 'x', subIds: { sub1: HOSTILE }, link: 'https://shop.example/?ref=alice', intent: 'https://x.com/intent/tweet?url=x', qr: '<svg viewBox="0 0 1 1"></svg>' },
    }),
  ),
});

describe('dashboard pages', () => {
  it('escape every value and need nothing inline', () => {
    for (const [name, html] of Object.entries(pages())) expect(unsafe(html), name).toEqual([]);
  });

  it('carry the session’s CSRF token in every post form', () => {
    for (const [name, html] of Object.entries(pages())) {
      if (name == 'signin') continue;
      const forms = [...html.matchAll(/<form method="post"[\s\S]*?<\/form>/g)].map((m) => m[0]);
      expect(forms.length, name).toBeGreaterThan(0);
      for (const form of forms) expect(form, name).toContain('name="csrf" value="tok&quot;en"');
    }
  });

  it('show the overview’s figures in the currency’s format, and the chart’s data', () => {
    const html = pages().overview;
    expect(html).toMatch(/data-figure="revenue"><span class="money" data-currency="USD" data-minor="4999">\$49\.99</);
    expect(html).toMatch(/data-figure="conversionRate">20\.0%/);
    expect(html).toMatch(/data-figure="epc"><span class="money" data-currency="USD" data-minor="100">\$1\.00/);
    const chart = JSON.parse(/data-chart="([^"]*)"/.exec(html)![1].replaceAll('&quot;', '"'));
    expect(chart.x).toEqual([Date.parse('2026-12-01T00:00:00Z') / 1000, Date.parse('2026-12-02T00:00:00Z') / 1000]);
    expect(chart.series.map((s: { label: string }) => s.label)).toEqual(['Clicks', 'Conversions', 'Revenue (USD)']);
    expect(chart.series[2]).toMatchObject({ currency: 'USD', exponent: 2, values: [4999, 0] });
  });

  it('count test events apart and mark server-attributed conversions', () => {
    const { overview, conversions } = pages();
    expect(overview).toContain('test events, never paid: 3 clicks, 2 conversions');
    const rows = conversions.split('<tr data-order=').slice(1);
    expect(rows.filter((r) => r.includes('server-attributed: from the clicks this collector saw')).map((r) => r.slice(0, 5))).toEqual(['"S-1"']);
    expect(rows.find((r) => r.startsWith('"T-1"'))).toContain('status-test');
    expect(conversions).toContain('<option>test</option>');
  });

  it('sort partners by any column, ties by code', () => {
    const rows = [partner('carol', 5, 100), partner('alice', 5, 300), partner('bob', 9, 100)];
    expect(sortPartners(rows, 'clicks', 'desc').map((r) => r.ref)).toEqual(['bob', 'alice', 'carol']);
    expect(sortPartners(rows, 'commission', 'asc').map((r) => r.ref)).toEqual(['bob', 'carol', 'alice']);
    expect(sortPartners(rows, 'ref', 'desc').map((r) => r.ref)).toEqual(['carol', 'bob', 'alice']);
  });

  it('offer a refund only for orders that can still be refunded', () => {
    const html = pages().conversions;
    expect(html.match(/action="\/conversions\/refund"/g)).toHaveLength(1);
    expect(html).toContain('attribution mismatch');
  });

  it('show a new partner token once, with a copy button', () => {
    expect(pages().detail).toMatch(/id="issued-token" readonly value="rtp_secret"/);
  });

  it('keep the sign-in’s return path escaped', () => {
    expect(pages().signin).toContain('value="/x&quot;&gt;&lt;b&gt;"');
  });
});
