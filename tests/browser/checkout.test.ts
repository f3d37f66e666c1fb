// The checkout hand-off in real Chromium (dist/reftrace.full.min.js with `data-stripe`): Stripe
// Payment Links and a pricing table added after load carry the visitor's referral id, a
// merchant's own client_reference_id is kept, a `<form data-reftrace>` posts the referral to the
// merchant's server, and the Stripe webhook example (examples/stripe/) turns the signed
// `checkout.session.completed` naming that id into a conversion credited to the partner.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeWebhook } from '../../examples/stripe/webhook';
import { readJourney, toNodeHandler } from '../../src/server';
import { launch, merchantPage, startServer, type PageOptions, type TestServer } from './harness';

let server: TestServer;
const posted: Record<string, string>[] = [];
beforeAll(async () => {
  server = await startServer();
  server.route('/reftrace.full.min.js', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    res.end(readFileSync(new URL('../../dist/reftrace.full.min.js', import.meta.url)));
  });
  // The merchant's own signup handler: what the form posted.
  server.route('/signup', (_req, res, body) => {
    posted.push(Object.fromEntries(new URLSearchParams(body)));
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>thanks</title>');
  });
});
afterAll(async () => {
  expect(server.invalid).toEqual([]);
  await server.close();
});

const endpoint = () => server.url('collect.test', '/collect');
const fullPage = (options: PageOptions) => merchantPage(options).replace('/reftrace.min.js', '/reftrace.full.min.js');
const ready = (page: Page) => page.evaluate(() => new Promise((r) => (window as any).reftrace('ready', () => r(1))));
const referralId = (page: Page) => page.evaluate(() => (window as any).reftrace('referralId') as Promise<string>);
const clientReferenceId = (page: Page, selector: string) =>
  page.$eval(selector, (el) => (el instanceof HTMLAnchorElement ? new URL(el.href).searchParams.get('client_reference_id') : el.getAttribute('client-reference-id')));
// Stripe's pricing table as its script renders it: the custom element, whose script is not loaded here (no network).
const addLater = (page: Page) =>
  page.evaluate(() =>
    document.body.insertAdjacentHTML(
      'beforeend',
      `<div id="later"><a id="link" href="https://buy.stripe.com/test_eVa5nPg1j1wmfXq5kr?prefilled_email=a%40b.test">Buy</a>
       <stripe-pricing-table id="table" pricing-table-id="prctbl_1Qf" publishable-key="pk_test_1"></stripe-pricing-table></div>`,
    ),
  );

describe('checkout decoration', () => {
  let context: BrowserContext;
  let close: () => Promise<void>;
  let id: string;
  beforeAll(async () => ({ context, close } = await launch(server)));
  afterAll(() => close());

  it('decorates a Payment Link and a pricing table added after load, keeps the merchant’s id, and fills the form', async () => {
    server.route(
      '/pricing',
      fullPage({
        data: { endpoint: endpoint(), stripe: '' },
        body: `<a id="merchant" href="https://buy.stripe.com/test_merchant?client_reference_id=cart_42">Mine</a>
          <form id="signup" data-reftrace method="post" action="/signup"><input name="email" value="buyer@shop.test"><button id="send">Sign up</button></form>`,
      }),
    );
    const page = await context.newPage();
    await page.goto(server.url('shop.test', '/pricing?ref=stripe_partner&sub1=yt'));
    const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'stripe_partner');
    await ready(page);
    id = await referralId(page);
    expect(id).toBe(click.anonymousId);
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,200}$/);

    await addLater(page);
    await page.waitForFunction(() => document.querySelector('#table')!.hasAttribute('client-reference-id'));
    expect(await clientReferenceId(page, '#link')).toBe(id);
    expect(await page.$eval('#link', (a) => (a as HTMLAnchorElement).href)).toBe(`https://buy.stripe.com/test_eVa5nPg1j1wmfXq5kr?prefilled_email=a%40b.test&client_reference_id=${id}`);
    expect(await clientReferenceId(page, '#table')).toBe(id);
    expect(await clientReferenceId(page, '#merchant')).toBe('cart_42');

    await Promise.all([page.waitForURL(/\/signup$/), page.click('#send')]);
    expect(posted).toEqual([{ email: 'buyer@shop.test', reftrace_referral_id: id, reftrace_ref: 'stripe_partner', reftrace_sub1: 'yt' }]);
  });

  it('turns the signed checkout.session.completed naming that id into a conversion credited to the partner', async () => {
    const secret = 'whsec_browser_suite_0123456789abcdef';
    // The merchant's server looks the journey up; here, from the cookie the browser holds, as a checkout request would carry it.
    const cookieHeader = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const journeys = (anonymousId: string) => {
      const journey = readJourney(cookieHeader);
      return journey?.anonymousId == anonymousId ? journey : undefined;
    };
    // Node's fetch does not map *.test to loopback: the webhook posts to the collector's address.
    const handle = toNodeHandler(stripeWebhook({ secret, endpoint: `http://127.0.0.1:${server.port}/collect`, journeys }));
    server.route('/api/stripe', (req, res, body) => handle(req, res, body));

    const body = readFileSync(new URL('../fixtures/stripe/checkout.session.completed.json', import.meta.url), 'utf8')
      .replace('REFERRAL_ID', id)
      .replace('"created": 1764672000', `"created": ${Math.floor(Date.now() / 1000)}`);
    const t = Math.floor(Date.now() / 1000);
    const sign = (key: string) => `t=${t},v1=${createHmac('sha256', key).update(`${t}.${body}`).digest('hex')}`;
    const deliver = (signed: string) => fetch(`http://127.0.0.1:${server.port}/api/stripe`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': signed } });

    expect((await deliver(sign('whsec_someone_elses_secret_0000'))).status).toBe(400);
    const response = await deliver(sign(secret));
    expect(response.status).toBe(200);
    const [conversion] = await server.waitFor((e) => e.type == 'conversion' && e.anonymousId == id);
    expect(conversion).toMatchObject({
      context: { server: true },
      test: true,
      conversion: { orderId: 'cs_test_a1YjKq3xZ0MvQe8Yx7uB2nV4kLp9rT6wS5dF3gH1jK8lZ0xC2vB4nM6qW8', amount: 4999, currency: 'USD' },
      award: { ref: 'stripe_partner' },
    });
    expect(conversion.attribution.credits).toMatchObject([{ ref: 'stripe_partner', amount: 4999 }]);
  });
});

describe('checkout decoration and consent', () => {
  it('decorates nothing while consent is pending, then the id once granted, and takes it back when withdrawn', async () => {
    server.route(
      '/pending',
      fullPage({ init: { endpoint: endpoint(), stripe: true, consent: 'pending' }, body: '<form id="f" data-reftrace></form>' }),
    );
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      await page.goto(server.url('shop.test', '/pending?ref=pending_partner'));
      await ready(page);
      await addLater(page);
      // The id exists in memory, but nothing carries it yet.
      expect(await referralId(page)).toMatch(/^[\w-]{21}$/);
      await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
      expect([await clientReferenceId(page, '#link'), await clientReferenceId(page, '#table')]).toEqual([null, null]);
      expect(await page.$$eval('#f input', (inputs) => inputs.length)).toBe(0);

      await page.evaluate(() => (window as any).reftrace('consent', 'granted'));
      const id = await referralId(page);
      await page.waitForFunction(() => document.querySelector('#table')!.hasAttribute('client-reference-id'));
      expect([await clientReferenceId(page, '#link'), await clientReferenceId(page, '#table')]).toEqual([id, id]);
      expect(await page.$eval('#f', (f) => Object.fromEntries(new FormData(f as HTMLFormElement)))).toEqual({ reftrace_referral_id: id, reftrace_ref: 'pending_partner' });

      await page.evaluate(() => (window as any).reftrace('consent', 'denied'));
      expect([await clientReferenceId(page, '#link'), await clientReferenceId(page, '#table')]).toEqual([null, null]);
      expect(await page.$$eval('#f input', (inputs) => inputs.length)).toBe(0);
    } finally {
      await close();
    }
  });
});
