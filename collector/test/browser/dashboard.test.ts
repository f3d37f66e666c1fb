/// <reference lib="dom" />
// The dashboard and the partner page in real Chromium, through the collector on its embedded
// database: the demo's kind of traffic arrives over HTTP, then a merchant signs in, checks the
// overview against the API, reads the chart, sorts partners, refunds an order and downloads the
// payouts; a partner signs in with their token and builds a link. Every page is checked for
// Content-Security-Policy violations and serious accessibility problems (axe-core), at 1280 px
// and 360 px, and the screenshots are saved to docs/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';
import { formatMoney } from '../../src/pages/money.js';
import { startCollector, type RunningCollector } from '../../src/server.js';
import { click, conversion, touch } from '../support/events.js';

const ADMIN = 'dashboard-test-admin-token';
const SHOTS = new URL('../../../docs/screenshots/', import.meta.url);
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;

let collector: RunningCollector;
let browser: Browser;
let url: (path: string) => string;

const api = async (path: string, init: RequestInit = {}) =>
  fetch(url(path), { ...init, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...init.headers } });
const json = async (path: string, init: RequestInit = {}): Promise<any> => (await api(path, init)).json();

/** Backdated events keep their day: the collector corrects `ts` by `receivedAt - sentAt`, and they leave now. */
const at = <T extends { ts: number; sentAt?: number }>(daysAgo: number, hour: number, event: T): T => ({ ...event, ts: today - daysAgo * DAY + hour * 3600_000, sentAt: Date.now() });
const tp = (ref: string, daysAgo: number, subIds?: Record<string, string>) => touch(ref, today - daysAgo * DAY, subIds ? ({ subIds } as never) : {});
const clickOf = (ref: string, daysAgo: number, subIds?: Record<string, string>) => at(daysAgo, 9, { ...click(ref), touchpoint: tp(ref, daysAgo, subIds) });

/** What a program's first weeks send: clicks from three partners with sub-ids, purchases, a duplicate order, a malformed event. */
const demoTraffic = () => {
  const yt = { sub1: 'yt', sub2: 'video-9' };
  return [
    ...[12, 9, 6, 3, 1].map((d) => clickOf('alice', d, yt)),
    clickOf('alice', 2, { sub1: 'newsletter' }),
    clickOf('alice', 0),
    ...[8, 5, 2].map((d) => clickOf('bob', d)),
    clickOf('carol', 4),
    at(9, 14, conversion({ orderId: 'A-1001', amount: 4999, touchpoints: [tp('alice', 9, yt)] })),
    at(3, 15, conversion({ orderId: 'A-1002', amount: 12000, touchpoints: [tp('alice', 3, yt)] })),
    at(2, 11, conversion({ orderId: 'A-1003', amount: 2500, touchpoints: [tp('alice', 2, { sub1: 'newsletter' })] })),
    at(2, 16, conversion({ orderId: 'S-2001', amount: 8000, touchpoints: [tp('alice', 8, yt), tp('bob', 2)] })),
    at(2, 17, { ...conversion({ orderId: 'S-2001', amount: 8000, touchpoints: [tp('bob', 2)] }), anonymousId: 'other-browser' }),
    { id: 'broken-1', type: 'click' },
  ];
};

/** A page that records every CSP violation it meets. */
const open = async (context: BrowserContext): Promise<Page> => {
  const page = await context.newPage();
  await page.addInitScript(() => {
    (window as any).violations = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as any).violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return page;
};

/** The page passes its CSP and axe-core finds no serious or critical violation. */
const audit = async (page: Page, name: string) => {
  expect(await page.evaluate(() => (window as any).violations), `${name}: CSP violations`).toEqual([]);
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact == 'serious' || v.impact == 'critical')
      .map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
  expect(found, `${name}: axe`).toEqual([]);
};

/** Screenshots at 1280 px and 360 px; at 360 px nothing may widen the page past the screen. */
const shoot = async (page: Page, name: string) => {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width == 360 ? 780 : 900 });
    await page.waitForTimeout(150); // uPlot redraws on resize
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width}px`).toBeLessThanOrEqual(width);
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: new URL(`${name}-${width}.png`, SHOTS).pathname, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
};

const figures = (page: Page) =>
  page.$$eval('[data-figure]', (dds) => Object.fromEntries(dds.map((dd) => [(dd as HTMLElement).dataset.figure, dd.textContent!.trim()])));

beforeAll(async () => {
  collector = await startCollector({
    port: 0,
    dataDir: 'memory://',
    adminToken: ADMIN,
    rules: { commission: { sale: { percent: 10 } }, partners: { alice: { sale: { percent: 15 } } } },
    dashboard: { shopPages: [{ label: 'Home page', url: 'https://shop.example/' }, { label: 'Running shoes', url: 'https://shop.example/shoes?size=42' }] },
  });
  url = (path) => new URL(path, collector.url).href;
  const res = await fetch(url('/e'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(demoTraffic()) });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ stored: 16, duplicateOrders: 1, rejected: [{ index: 16 }] });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await collector?.close();
});

describe('without the admin token', () => {
  it('every page sends the browser to sign in, and the API answers 401', async () => {
    const context = await browser.newContext();
    const page = await open(context);
    for (const path of ['/', '/partners', '/partners/alice', '/conversions', '/payouts', '/payouts.csv', '/health']) {
      const res = await fetch(url(path), { redirect: 'manual' });
      expect([res.status, res.headers.get('location')], path).toEqual([303, '/signin?next=' + encodeURIComponent(path)]);
      if (path == '/payouts.csv') continue;
      await page.goto(url(path));
      expect(new URL(page.url()).pathname, path).toBe('/signin');
    }
    for (const path of ['/api/summary', '/api/partners', '/api/conversions', '/api/payouts', '/api/daily?from=2026-01-01&to=2026-01-02', '/api/health'])
      expect((await fetch(url(path))).status, path).toBe(401);
    await audit(page, 'sign-in');
    await context.close();
  });
});

describe('the merchant dashboard', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await open(context);
  });
  afterAll(() => context.close());

  it('signs in with the admin token and shows the API’s figures for the period', async () => {
    await page.goto(url('/partners'));
    await page.fill('#token', 'wrong');
    await page.click('button[type=submit]');
    await expect(page.textContent('[role=alert]')).resolves.toContain('not the admin token');
    await page.fill('#token', ADMIN);
    await page.click('button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/partners');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name == 'rt_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });

    await page.goto(url('/?period=30d'));
    const range = (await page.textContent('.range'))!.match(/(\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)/)!;
    const summary = await json(`/api/summary?from=${range[1]}&to=${range[2]}`);
    const shown = await figures(page);
    expect(shown.clicks).toBe(String(summary.clicks));
    expect(shown.conversions).toBe(String(summary.conversions));
    expect(shown.revenue).toBe(formatMoney(summary.revenue.USD, 'USD'));
    expect(shown.commission).toBe(formatMoney(summary.commission.USD, 'USD'));
    expect(summary).toMatchObject({ clicks: 11, conversions: 4, revenue: { USD: 27499 }, duplicates: 1 });
    await audit(page, 'overview');
  });

  it('draws the chart: a canvas with the daily points, values on hover', async () => {
    await page.waitForSelector('#overview-chart canvas');
    const drawn = await page.evaluate(() => {
      const el = document.getElementById('overview-chart') as any;
      const canvas = el.querySelector('canvas') as HTMLCanvasElement;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
      return { data: el.chart.data as number[][], inked, width: canvas.width, axes: el.chart.axes.map((a: { label: string }) => a.label) };
    });
    expect(drawn.data[0]).toHaveLength(30);
    const days = await json(`/api/daily?from=${new Date(drawn.data[0][0] * 1000).toISOString().slice(0, 10)}&to=${new Date(drawn.data[0][29] * 1000).toISOString().slice(0, 10)}`);
    expect(drawn.data[1]).toEqual(days.map((d: any) => d.clicks));
    expect(drawn.data[2]).toEqual(days.map((d: any) => d.conversions));
    expect(drawn.data[3]).toEqual(days.map((d: any) => d.revenue.USD ?? 0));
    expect(drawn.inked).toBeGreaterThan(2000);
    expect(drawn.axes).toEqual(['Day (UTC)', 'Clicks, conversions', 'Revenue (USD)']);

    // Hover the day two days ago: 2 clicks, 2 conversions, $105.00 revenue in the legend.
    const box = (await page.$('#overview-chart .u-over'))!;
    const x = await page.evaluate((t) => (document.getElementById('overview-chart') as any).chart.valToPos(t, 'x'), drawn.data[0][27]);
    const rect = (await box.boundingBox())!;
    await page.mouse.move(rect.x + x, rect.y + rect.height / 2);
    const legend = await page.$$eval('#overview-chart .u-legend .u-value', (cells) => cells.map((c) => c.textContent));
    expect(legend).toEqual([days[27].day, '2', '2', formatMoney(days[27].revenue.USD, 'USD')]);
    expect(days[27]).toMatchObject({ clicks: 2, conversions: 2, revenue: { USD: 10500 } });
    // The keyboard: focus shows the last day, an arrow the day before.
    await page.focus('#overview-chart');
    await page.keyboard.press('ArrowLeft');
    expect(await page.$$eval('#overview-chart .u-legend .u-value', (cells) => cells.map((c) => c.textContent))).toEqual([days[28].day, String(days[28].clicks), String(days[28].conversions), formatMoney(days[28].revenue.USD ?? 0, 'USD')]);
    await shoot(page, 'dashboard-overview');
  });

  it('sorts the partners table by a column, both ways', async () => {
    await page.goto(url('/partners?period=30d'));
    const order = () => page.$$eval('#partners tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.ref));
    expect(await order()).toEqual(['alice', 'bob', 'carol']); // by commission, the default
    await page.click('#partners th[data-column=clicks] a');
    expect(await order()).toEqual(['alice', 'bob', 'carol']);
    expect(await page.getAttribute('#partners th[data-column=clicks]', 'aria-sort')).toBe('descending');
    await page.click('#partners th[data-column=clicks] a');
    expect(await order()).toEqual(['carol', 'bob', 'alice']);
    expect(await page.getAttribute('#partners th[data-column=clicks]', 'aria-sort')).toBe('ascending');
    await page.click('#partners th[data-column=ref] a');
    expect(await order()).toEqual(['alice', 'bob', 'carol']);
    expect(new URL(page.url()).searchParams.get('dir')).toBe('asc');
    await audit(page, 'partners');

    await page.click('#partners a[href^="/partners/alice"]');
    await expect(page.textContent('h1')).resolves.toContain('alice');
    const subs = await page.$$eval('table:has(caption:text-is("By sub-id")) tbody th', (ths) => ths.map((t) => t.textContent));
    expect(subs).toEqual(expect.arrayContaining(['sub1=yt', 'sub2=video-9', 'sub1=newsletter', '(none)']));
    await audit(page, 'partner detail');
  });

  it('refunds from the conversions list: the commission shown and the payout CSV change', async () => {
    const payoutCsv = async () => {
      await page.goto(url('/payouts?period=30d'));
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/payouts.csv"]')]);
      return readFileSync((await download.path())!, 'utf8');
    };
    const before = await payoutCsv();
    expect(before).toMatch(/^ref,currency,conversions,approved,reversed,payout,payout_major\r?\nalice,USD,3,/);
    await audit(page, 'payouts');

    await page.goto(url('/conversions'));
    const row = page.locator('tr[data-order="A-1002"]');
    await expect(row.locator('[data-commission]').textContent()).resolves.toBe('$18.00');
    await row.locator('input[name=amount]').fill('40.00');
    await row.locator('button', { hasText: 'Refund' }).click();
    await expect(page.textContent('[role=status]')).resolves.toContain('Refund recorded for order A-1002');
    await expect(page.locator('tr[data-order="A-1002"] [data-commission]').textContent()).resolves.toMatch(/^\$12\.00/);
    const [api1002] = (await json('/api/conversions?ref=alice')).filter((c: any) => c.orderId == 'A-1002');
    expect(api1002).toMatchObject({ refunded: 4000, reversed: 600, commission: 1800 });
    await audit(page, 'conversions');

    const after = await payoutCsv();
    expect(after).not.toBe(before);
    expect(after).toBe(await (await api(`/api/payouts?format=csv&from=${new Date(today - 29 * DAY).toISOString().slice(0, 10)}&to=${new Date(today).toISOString().slice(0, 10)}`)).text());
    const alice = (csv: string) => csv.split(/\r?\n/).find((l) => l.startsWith('alice,USD'))!.split(',');
    expect(+alice(before)[5] - +alice(after)[5]).toBe(600);

    await page.goto(url('/?period=30d'));
    const summary = await json(`/api/summary?from=${new Date(today - 29 * DAY).toISOString().slice(0, 10)}&to=${new Date(today).toISOString().slice(0, 10)}`);
    expect((await figures(page)).commission).toBe(formatMoney(summary.commission.USD, 'USD'));

    await page.goto(url('/health'));
    expect((await figures(page)).rejected).toBe('1');
    await audit(page, 'health');
  });
});

describe('the partner page', () => {
  let alice: string;
  beforeAll(async () => {
    alice = (await json('/api/partners/alice/tokens', { method: 'POST' })).token;
  });

  it('opens with the partner’s token, shows their figures and builds a link with a QR code', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await open(context);
    await page.goto(url('/p/alice'));
    expect(new URL(page.url()).pathname).toBe('/p/alice/signin');
    await page.fill('#token', alice);
    await page.click('button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/p/alice');
    const [own] = (await json('/api/partners')).filter((p: any) => p.ref == 'alice');
    expect(await figures(page)).toMatchObject({ clicks: String(own.clicks), conversions: String(own.conversions) });
    expect(own).toMatchObject({ clicks: 7, conversions: 3 });

    await page.selectOption('select[name=target]', 'https://shop.example/shoes?size=42');
    await page.selectOption('select[name=platform]', 'x');
    await page.fill('input[name=sub1]', 'yt');
    await page.fill('input[name=sub2]', 'video-10');
    await page.click('.link-form button[type=submit]');
    const link = await page.inputValue('#share-link');
    expect(Object.fromEntries(new URL(link).searchParams)).toMatchObject({ size: '42', ref: 'alice', sub1: 'yt', sub2: 'video-10', utm_source: 'x' });
    await page.click('button[data-copy=share-link]');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(link);
    expect(await page.$$('.qr svg path')).toHaveLength(1);
    await audit(page, 'partner page');
    await page.waitForSelector('#partner-chart canvas');
    await shoot(page, 'partner-page');

    // Another partner's page: the cookie is not sent there, and the token does not open it.
    await page.goto(url('/p/bob'));
    expect(new URL(page.url()).pathname).toBe('/p/bob/signin');
    await page.fill('#token', alice);
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/p/bob/signin')), page.click('button[type=submit]')]);
    expect(res.status()).toBe(404);
    expect((await fetch(url('/p/bob'), { headers: { authorization: `Bearer ${alice}` } })).status).toBe(404);
    await context.close();
  });
});
