// Partners' links and tracking without JavaScript, in real Chromium: a share link with sub-ids
// followed and converted by the script tag; with JavaScript off, a click through clickHandler and
// a thank-you page with only a pixel; an open-redirect attempt; a QR code read back by a QR reader.
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildShareLink } from '../../src/links';
import { qrSvg } from '../../src/links/qr';
import { clickHandler, pixelHandler, pixelUrl, toNodeHandler } from '../../src/server';
import { launch, merchantPage, startServer, type TestServer, type WireEventLike } from './harness';

let server: TestServer;
const errors: Error[] = [];
beforeAll(async () => {
  server = await startServer();
  // The handlers' events go to the test collector like the SDK's, so the JSON Schema checks them too.
  const collect = async (event: unknown) => {
    const response = await fetch(`http://127.0.0.1:${server.port}/collect`, { method: 'POST', body: JSON.stringify([event]) });
    if (!response.ok) throw Error('collector refused: ' + response.status);
  };
  const click = toNodeHandler(clickHandler({ hosts: ['shop.test', 'www.shop.test'], onEvent: collect, onError: (e) => void errors.push(e) }));
  const pixel = toNodeHandler(pixelHandler({ onEvent: collect, onError: (e) => void errors.push(e) }));
  server.route('/r', (req, res, body) => click(req, res, body));
  server.route('/px', (req, res, body) => pixel(req, res, body));
  server.route('/', '<!doctype html><title>Shop home</title><h1>Shop home</h1>');
});
afterAll(async () => {
  expect(server.invalid).toEqual([]);
  expect(errors).toEqual([]);
  await server.close();
});

const endpoint = () => server.url('collect.test', '/collect');
const conversion = async (orderId: string) => (await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == orderId))[0];

describe('a share link with sub-ids', () => {
  it('is followed and converted: the touchpoint has the sub-ids and the partner is credited', async () => {
    server.route('/sneakers', merchantPage({ init: { endpoint: endpoint() } }));
    server.route('/checkout', merchantPage({ init: { endpoint: endpoint() }, body: `<button id="buy" onclick="reftrace('convert', {orderId: 'share-1', amount: 80, currency: 'EUR'})">buy</button>` }));
    const link = buildShareLink(server.url('www.shop.test', '/sneakers?size=42#reviews'), { ref: 'sub_partner', subIds: { sub1: 'yt', sub2: 'video 9' }, platform: 'x' });
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      await page.goto(link);
      expect(page.url()).toBe(link);
      const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'sub_partner');
      expect(click.touchpoint).toMatchObject({ subIds: { sub1: 'yt', sub2: 'video 9' }, source: 'x', medium: 'social', channel: 'affiliate' });
      await page.goto(server.url('www.shop.test', '/checkout'));
      await page.click('#buy');
      const event = await conversion('share-1');
      expect(event.touchpoints).toEqual([click.touchpoint]);
      expect(event.award).toMatchObject({ ref: 'sub_partner', touchpointId: click.touchpoint.id });
      expect(event.attribution.credits).toMatchObject([{ ref: 'sub_partner', amount: 8000 }]);
    } finally {
      await close();
    }
  });
});

describe('without JavaScript', () => {
  const noScript = async () => {
    const launched = await launch(server);
    const context = await launched.browser.newContext({ javaScriptEnabled: false });
    return { page: await context.newPage(), close: launched.close };
  };
  const follow = async (page: Page, href: string) => {
    // The partner's page on another site links to the click redirect, as an e-mail or a QR code would.
    server.route('/partner', `<!doctype html><title>Partner blog</title><a id="go" href="${href.replace(/&/g, '&amp;')}">great shoes</a>`);
    await page.goto(server.url('checkout.test', '/partner'));
    await Promise.all([page.waitForURL(/shop\.test/), page.click('#go')]);
  };

  it('credits the partner of a click through clickHandler on a thank-you page with only a pixel, once', async () => {
    server.route('/shoes', '<!doctype html><title>Shoes</title><noscript><p id="nojs">JavaScript is off</p></noscript>');
    server.route('/thanks', `<!doctype html><title>Thanks</title><p>Thank you!<img src="${pixelUrl('/px', { orderId: 'nojs-1', amount: '25.50', currency: 'USD' })}" width="1" height="1" alt="">`);
    const { page, close } = await noScript();
    try {
      await follow(page, server.url('shop.test', '/r?ref=nojs_partner&sub1=newsletter&to=%2Fshoes%3Fcolor%3Dred'));
      expect(page.url()).toBe(server.url('shop.test', '/shoes?color=red'));
      expect(await page.isVisible('#nojs')).toBe(true);
      const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'nojs_partner');
      expect(click.touchpoint).toMatchObject({ subIds: { sub1: 'newsletter' }, referrer: 'checkout.test', landing: '/shoes?ref=nojs_partner&sub1=newsletter' });
      const cookies = await page.context().cookies();
      expect(cookies.map((c) => c.name).sort()).toEqual(['_reftrace', '_reftrace_s']);
      expect(cookies.every((c) => c.sameSite == 'Lax' && c.expires - Date.now() / 1000 > 29 * 86400)).toBe(true);

      await page.goto(server.url('shop.test', '/thanks'));
      const event = await conversion('nojs-1');
      expect(event).toMatchObject({
        anonymousId: click.anonymousId,
        context: { page: '/thanks' },
        conversion: { orderId: 'nojs-1', type: 'purchase', amount: 2550, currency: 'USD' },
        award: { ref: 'nojs_partner', touchpointId: click.touchpoint.id },
        attribution: { credits: [{ ref: 'nojs_partner', amount: 2550 }] },
      });
      expect(event.touchpoints).toEqual([click.touchpoint]);

      // A reload fetches the pixel again: the same event, which the collector keeps once.
      const before = server.arrivals.length;
      await page.reload();
      await waitUntil(() => server.arrivals.length > before);
      expect(server.arrivals.filter((e: WireEventLike) => e.type == 'conversion' && e.conversion.orderId == 'nojs-1')).toHaveLength(2);
      expect(server.events.filter((e) => e.type == 'conversion' && e.conversion.orderId == 'nojs-1')).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it('sends an open-redirect attempt to the home page', async () => {
    const { page, close } = await noScript();
    try {
      for (const to of ['https://evil.test/login', '//evil.test/login', '/\\evil.test/login', 'https://shop.test@evil.test/']) {
        await follow(page, server.url('shop.test', '/r?ref=redirect_partner&to=' + encodeURIComponent(to)));
        expect(page.url()).toBe(server.url('shop.test', '/'));
        expect(await page.textContent('h1')).toBe('Shop home');
      }
    } finally {
      await close();
    }
  });
});

const waitUntil = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
};

describe('qrSvg', () => {
  it('renders a code that a QR reader decodes back to the link', async () => {
    const link = server.url('shop.test', '/r?ref=qr_partner&sub1=flyer&to=%2Fshoes');
    const svg = qrSvg(link, { ecc: 'Q' });
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      await page.goto(server.url('shop.test', '/'));
      // The SVG as the browser renders it, 6 pixels a module, read back from a canvas.
      const { width, data } = await page.evaluate(async (source) => {
        const image = new Image();
        image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(source);
        await image.decode();
        const size = +/viewBox="0 0 (\d+)/.exec(source)![1] * 6;
        const canvas = Object.assign(document.createElement('canvas'), { width: size, height: size });
        const g = canvas.getContext('2d')!;
        g.imageSmoothingEnabled = false;
        g.drawImage(image, 0, 0, size, size);
        const pixels = g.getImageData(0, 0, size, size).data;
        let binary = '';
        for (let i = 0; i < pixels.length; i += 8192) binary += String.fromCharCode(...pixels.subarray(i, i + 8192));
        return { width: size, data: btoa(binary) };
      }, svg);
      expect(jsQR(new Uint8ClampedArray(Buffer.from(data, 'base64')), width, width)?.data).toBe(link);
    } finally {
      await close();
    }
  });
});
