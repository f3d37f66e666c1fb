// A signup in a real browser binds the customer to the partner whose link brought them; a renewal
// the merchant's server reports later, with no journey at all, is credited to that partner
// (reftrace/server's conversionFrom and sendEvents into the reference collector).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Collector } from '../../collector/src/collector';
import { conversionFrom, sendEvents } from '../../src/server';
import { launch, merchantPage, startServer, type TestServer } from './harness';
import { ADMIN, adminApi, mountCollector } from './reference-collector';

let server: TestServer;
let collector: Collector;
beforeAll(async () => {
  server = await startServer();
  // The browser here is automated, which the default fraud rules hold for review: this test is about binding, not fraud.
  collector = await mountCollector(server, '/rc/e', {
    commission: { sale: { percent: 10 }, lead: { flat: { USD: 500 } } },
    binding: { days: 60 },
    fraud: { rules: { browser_signals: { enabled: false } } },
  });
}, 180_000);
afterAll(async () => {
  await server.close();
  await collector?.close();
});

it('credits a server-side renewal with no journey to the partner a browser signup was bound to', async () => {
  const signup = `reftrace('identify', 'customer-42'); reftrace('convert', { orderId: 'SIGNUP-42', type: 'signup' })`;
  server.route('/join', merchantPage({ init: { endpoint: server.url('shop.test', '/rc/e') }, body: `<button id="join" onclick="${signup}">join</button>` }));
  const { context, close } = await launch(server);
  try {
    const page = await context.newPage();
    await page.goto(server.url('shop.test', '/join?ref=alice'));
    await page.evaluate(() => new Promise((r) => (window as any).reftrace('ready', r)));
    await page.click('#join');
    await page.evaluate(() => (window as any).reftrace('flush'));
  } finally {
    await close();
  }
  const rows = async () => Object.fromEntries(((await adminApi(collector, '/conversions')) as any[]).map((r) => [r.orderId, r]));
  await expect.poll(async () => (await rows())['SIGNUP-42']?.ref, { timeout: 30_000 }).toBe('alice');

  // A month later the merchant's billing renews the subscription: no browser, no referral id, only the customer.
  const renewal = conversionFrom({ journey: { anonymousId: 'billing', touchpoints: [] }, userId: 'customer-42', orderId: 'INV-7', amount: '20.00', currency: 'USD', type: 'renewal' });
  const toCollector: typeof fetch = async (input, init) => collector.fetch(new Request(input, init));
  const sent = await sendEvents('http://collector/e', [renewal], { fetch: toCollector, headers: { authorization: `Bearer ${ADMIN}` } });
  expect(sent.delivered).toBe(1);
  expect((await rows())['INV-7']).toMatchObject({ ref: 'alice', amount: 2000, commission: 200, journey: 'bound' });
}, 180_000);
