// The SDK core in real Chromium: a partner landing remembered across pages, restarts,
// subdomains and SPA routes, and a strict-CSP page configured by data attributes alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launch, launchPersistent, fileServer, merchantPage } from './harness';

const server = fileServer();

const endpoint = () => server.url('collect.test', '/collect');
const convertOn = (id: string) => `<button id="buy" onclick="reftrace('convert', {orderId: '${id}', amount: 49.99, currency: 'USD'})">buy</button>`;

describe('script tag', () => {
  it('lands with ?ref=, converts on another page, and credits the partner', async () => {
    server.route('/landing', merchantPage({ init: { endpoint: endpoint() } }));
    server.route('/checkout', merchantPage({ init: { endpoint: endpoint() }, body: convertOn('order-1') }));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      await page.goto(server.url('www.shop.test', '/landing?ref=alice&utm_source=newsletter&email=bob%40x.com&gclid=Cj0KCQ'));
      const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'alice');
      expect(click.touchpoint).toMatchObject({ ref: 'alice', channel: 'affiliate', source: 'newsletter', clickIds: { gclid: 'Cj0KCQ' } });
      expect(click.touchpoint.landing).toBe('/landing?ref=alice&gclid=Cj0KCQ&utm_source=newsletter');
      expect(JSON.stringify(click)).not.toContain('bob');

      await page.goto(server.url('www.shop.test', '/checkout'));
      await page.click('#buy');
      const [conversion] = await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == 'order-1');
      expect(conversion.conversion).toMatchObject({ amount: 4999, currency: 'USD', type: 'purchase' });
      expect(conversion.anonymousId).toBe(click.anonymousId);
      expect(conversion.touchpoints.map((t: any) => t.ref)).toEqual(['alice']);
      expect(conversion.attribution).toEqual({
        model: 'last_touch',
        credits: [{ touchpointId: click.touchpoint.id, ref: 'alice', weight: 1, amount: 4999 }],
        unattributed: 0,
      });
      expect(conversion.award).toMatchObject({ ref: 'alice', touchpointId: click.touchpoint.id });
      expect(conversion.context).toMatchObject({ page: '/checkout', library: { name: 'reftrace' } });
      expect(typeof conversion.sentAt).toBe('number');

      // The same order on a reload converts once.
      await page.reload();
      await page.click('#buy');
      await page.evaluate(() => new Promise((r) => (window as any).reftrace('ready', r)));
      await new Promise((r) => setTimeout(r, 500));
      expect(server.events.filter((e) => e.type == 'conversion' && e.conversion.orderId == 'order-1')).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it('keeps the referral across a browser restart (persistent profile)', async () => {
    server.route('/p', merchantPage({ init: { endpoint: endpoint() }, body: convertOn('order-restart') }));
    const dir = mkdtempSync(join(tmpdir(), 'reftrace-profile-'));
    try {
      let browser = await launchPersistent(dir, server);
      let page = await browser.context.newPage();
      await page.goto(server.url('shop.test', '/p?via=restart_partner'));
      await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'restart_partner');
      await browser.close();

      browser = await launchPersistent(dir, server);
      page = await browser.context.newPage();
      await page.goto(server.url('shop.test', '/p'));
      await page.click('#buy');
      const [conversion] = await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == 'order-restart');
      expect(conversion.award.ref).toBe('restart_partner');
      await browser.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shares the journey with another subdomain of the shop through the cookie', async () => {
    server.route('/sub', merchantPage({ init: { endpoint: endpoint() }, body: convertOn('order-sub') }));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      await page.goto(server.url('www.shop.test', '/sub?ref=sub_partner'));
      await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'sub_partner');
      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name == '_reftrace')).toMatchObject({ domain: '.shop.test', sameSite: 'Lax', path: '/' });

      await page.goto(server.url('checkout.shop.test', '/sub'));
      await page.click('#buy');
      const [conversion] = await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == 'order-sub');
      expect(conversion.award.ref).toBe('sub_partner');
    } finally {
      await close();
    }
  });

  it('captures a referral on an SPA route change, once per distinct landing', async () => {
    server.route('/app', merchantPage({ init: { endpoint: endpoint() } }));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      await page.goto(server.url('shop.test', '/app'));
      await page.evaluate(() => new Promise((r) => (window as any).reftrace('ready', r)));
      await page.evaluate(() => {
        history.pushState({}, '', '/app/product?ref=spa_partner');
        history.pushState({}, '', '/app/cart');
        history.back();
        location.hash = 'ref=hash_partner';
      });
      await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'hash_partner');
      await page.evaluate(() => history.replaceState({}, '', '/app/product?ref=spa_partner'));
      const refs = await page.evaluate(
        () => new Promise((r) => (window as any).reftrace('ready', (t: any) => r(t.touchpoints().map((tp: any) => tp.ref)))),
      );
      expect(refs).toEqual(['spa_partner', 'hash_partner']);
      expect(server.events.filter((e) => e.type == 'click' && e.touchpoint.ref == 'spa_partner')).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it("works on a strict CSP page (script-src 'self') configured by data attributes only", async () => {
    server.route('/csp', (_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/html',
        'content-security-policy': `default-src 'none'; script-src 'self'; connect-src ${server.url('collect.test')}; img-src ${server.url('collect.test')}`,
      });
      res.end(merchantPage({ data: { endpoint: endpoint(), params: 'partner_id', model: 'first_touch' } }));
    });
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (m) => m.type() == 'error' && violations.push(m.text()));
      page.on('pageerror', (e) => violations.push(e.message));
      await page.goto(server.url('shop.test', '/csp?partner_id=csp_partner'));
      const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'csp_partner');
      expect(click.touchpoint.landing).toBe('/csp?partner_id=csp_partner');
      expect(violations).toEqual([]);
    } finally {
      await close();
    }
  });

  it('does not track twice when the script is loaded twice', async () => {
    server.route(
      '/twice',
      merchantPage({ init: { endpoint: endpoint() }, head: '<script async src="/reftrace.min.js"></script>' }),
    );
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      await page.goto(server.url('shop.test', '/twice?ref=twice_partner'));
      await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'twice_partner');
      await new Promise((r) => setTimeout(r, 500));
      expect(server.events.filter((e) => e.type == 'click' && e.touchpoint.ref == 'twice_partner')).toHaveLength(1);
    } finally {
      await close();
    }
  });
});
