// What reftrace keeps, and of what, in real Chromium: the landing of a URL a router rewrote before
// the script ran, an order's claim when only IndexedDB can keep it, and no personal data from a path.
import { describe, expect, it } from 'vitest';
import { decodeJourney } from '../../src/store/codec';
import { convert, ready } from '../shared/commands';
import { launch, fileServer, merchantPage } from './harness';

const server = fileServer();

const endpoint = () => server.url('collect.test', '/collect');

describe('the landing URL', () => {
  it('is the navigation\'s, when the page rewrote its URL before the async script ran', async () => {
    // A router that canonicalises the URL and strips the query at once, before reftrace loads.
    server.route('/rewritten', merchantPage({ init: { endpoint: endpoint() }, inline: "history.replaceState(null, '', '/home');" }));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      await page.goto(server.url('shop.test', '/rewritten?ref=rewritten_partner&utm_source=news'));
      await ready(page);
      expect(new URL(page.url()).pathname).toBe('/home');
      const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'rewritten_partner');
      expect(click.touchpoint.landing).toBe('/rewritten?ref=rewritten_partner&utm_source=news');
      await convert(page, 'order-rewritten');
      const [conversion] = await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == 'order-rewritten');
      expect(conversion.award.ref).toBe('rewritten_partner');
      // A route change inside the app is not the landing again.
      await page.evaluate(() => history.pushState(null, '', '/products'));
      await new Promise((r) => setTimeout(r, 300));
      expect(server.events.filter((e) => e.type == 'click' && e.touchpoint.ref == 'rewritten_partner')).toHaveLength(1);
    } finally {
      await close();
    }
  });
});

describe('an order', () => {
  it('converts once across reloads of the confirmation page when only IndexedDB can keep the claim', async () => {
    server.route('/idb-only', merchantPage({ init: { endpoint: endpoint() }, inline: "reftrace('convert', { orderId: 'order-idb-only', amount: 5, currency: 'USD' });" }));
    const { context, close } = await launch(server);
    try {
      // Cookies refused and localStorage blocked, as some privacy settings do; IndexedDB works.
      await context.addInitScript(() => {
        Object.defineProperty(window, 'localStorage', {
          get: () => {
            throw new DOMException('The operation is insecure.', 'SecurityError');
          },
        });
        Object.defineProperty(Document.prototype, 'cookie', { get: () => '', set: () => {} });
      });
      const page = await context.newPage();
      await page.goto(server.url('shop.test', '/idb-only?ref=idb_partner'));
      await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == 'order-idb-only');
      for (let i = 0; i < 2; i++) {
        await page.reload();
        await ready(page);
        await page.evaluate(() => new Promise((r) => (window as any).reftrace('flush').then(r)));
      }
      await new Promise((r) => setTimeout(r, 500));
      expect(server.events.filter((e) => e.type == 'conversion' && e.conversion.orderId == 'order-idb-only')).toHaveLength(1);
    } finally {
      await close();
    }
  });
});

describe('personal data in a path', () => {
  it('reaches neither the cookie, storage nor the wire', async () => {
    server.route('/u/jane.doe@example.com/welcome', merchantPage({ init: { endpoint: endpoint() } }));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      await page.goto(server.url('shop.test', '/u/jane.doe@example.com/welcome?ref=path_partner&utm_source=jane.doe%40example.com'));
      await ready(page);
      const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'path_partner');
      expect(click.touchpoint.landing).toBe('/u/:redacted/welcome?ref=path_partner');
      expect(click.context.page).toBe('/u/:redacted/welcome');
      const cookie = (await context.cookies()).find((c) => c.name == '_reftrace')!.value;
      const local = await page.evaluate(() => JSON.stringify({ ...localStorage }));
      for (const where of [JSON.stringify(click), JSON.stringify(decodeJourney(cookie)), local]) expect(where).not.toContain('jane');
    } finally {
      await close();
    }
  });
});
