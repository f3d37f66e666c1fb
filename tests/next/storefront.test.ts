// The Next.js example (examples/next) as built and served in production: `next build`, then
// `next start` on a port the OS picks, driven in real Chromium. Its collector is the loopback
// server of the browser suites, given to the app at run time as REFTRACE_COLLECTOR. The tests run in
// order in one browser context: the pixel's test uses the journey cookies of the visit before it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, startServer, type TestServer } from '../browser/harness';

const example = new URL('../../examples/next/', import.meta.url).pathname;
const next = createRequire(example + 'package.json').resolve('next/dist/bin/next');

let server: TestServer;
let shop: ChildProcess;
let origin: string;
let browser: { context: BrowserContext; close(): Promise<void> };
// The visitor of the first test, whose referral id a checkout would carry to Stripe.
let visitor = '';
const STRIPE_SECRET = 'whsec_next_example_test_secret';

/** `next start` on port 0; resolves with the origin it prints once it listens. */
const start = (env: NodeJS.ProcessEnv) =>
  new Promise<string>((resolve, reject) => {
    // Its own process group, so that closing it ends the workers it starts too.
    shop = spawn(process.execPath, [next, 'start', '-p', '0', '-H', '127.0.0.1'], { cwd: example, env, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    shop.stdout!.on('data', (chunk) => {
      const found = (out += chunk).match(/Local:\s+(http:\/\/127\.0\.0\.1:\d+)/);
      if (found && /Ready/.test(out)) resolve(found[1]!);
    });
    shop.on('exit', (code) => reject(Error(`next start exited with ${code}: ${out}`)));
  });

beforeAll(async () => {
  if (!existsSync(new URL('../../dist/react/index.js', import.meta.url))) throw Error('run `npm run build` first: the example imports the built package');
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  const began = performance.now();
  await promisify(execFile)(process.execPath, [next, 'build'], { cwd: example, env, maxBuffer: 1 << 24 });
  console.log(`next build took ${((performance.now() - began) / 1000).toFixed(1)} s`);
  server = await startServer();
  origin = await start({ ...env, REFTRACE_COLLECTOR: server.url('127.0.0.1', '/collect'), STRIPE_WEBHOOK_SECRET: STRIPE_SECRET });
  browser = await launch(server);
  // A deadlock guard for a build on a shared two-core machine, not a speed limit.
}, 900_000);

afterAll(async () => {
  await browser?.close();
  if (shop?.pid && shop.exitCode == null) process.kill(-shop.pid);
  await server?.close();
});

/** A page whose console errors and warnings, and uncaught errors, are collected. */
const open = async (): Promise<{ page: Page; problems: string[] }> => {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => ['error', 'warning'].includes(m.type()) && problems.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, problems };
};

describe('the Next.js storefront', () => {
  it('hydrates cleanly, keeps the referral across client navigation and credits the purchase to the partner', async () => {
    const { page, problems } = await open();
    await page.goto(`${origin}/?ref=partner1`);
    // Rendered from the journey after hydration only: the server sends an empty banner.
    await page.getByText('Referred by partner1').waitFor();
    await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'partner1');
    // The journey cookie the route handler app/api/journey sets from the server.
    await expect.poll(async () => (await browser.context.cookies()).map((c) => c.name), { timeout: 10_000 }).toContain('_reftrace_s');

    await page.getByRole('link', { name: 'Trail Runner 2' }).click();
    await page.getByRole('heading', { name: 'Trail Runner 2' }).waitFor();
    await page.getByRole('button', { name: 'Buy' }).click();
    const thanks = await page.getByText(/^Thank you: order /).textContent();
    const orderId = thanks!.replace('Thank you: order ', '');
    const [conversion] = await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == orderId);
    expect(conversion!.conversion).toMatchObject({ amount: 8990, currency: 'EUR', type: 'purchase' });
    expect(conversion!.award).toMatchObject({ ref: 'partner1', policy: 'last_click' });
    expect(conversion!.attribution.credits).toMatchObject([{ ref: 'partner1', amount: 8990 }]);
    visitor = conversion!.anonymousId;

    expect(problems).toEqual([]);
    expect(server.invalid).toEqual([]);
    await page.close();
  });

  it('records a pixel conversion on the server from the journey cookies, credited to the partner', async () => {
    const response = await browser.context.request.get(`${origin}/api/px?order=PX-1&amount=5&currency=EUR`);
    expect(response.headers()['content-type']).toBe('image/gif');
    const [conversion] = await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == 'PX-1');
    expect(conversion!.conversion).toMatchObject({ amount: 500, currency: 'EUR' });
    expect(conversion!.award.ref).toBe('partner1');
  });

  it('turns a signed checkout.session.completed into the visitor’s server-side conversion (app/api/stripe)', async () => {
    const body = readFileSync(new URL('../fixtures/stripe/checkout.session.completed.json', import.meta.url), 'utf8').replace('REFERRAL_ID', visitor);
    const t = Math.floor(Date.now() / 1000);
    const sign = (secret: string) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
    const post = (headers: Record<string, string>) => fetch(`${origin}/api/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await post({ 'stripe-signature': sign('whsec_someone_elses_secret') })).status).toBe(400);
    expect((await post({ 'stripe-signature': sign(STRIPE_SECRET) })).status).toBe(200);
    const session = JSON.parse(body).data.object;
    const [conversion] = await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == session.id);
    // Stripe's test mode is a test conversion; the collector credits it from the journey it holds for this visitor.
    expect(conversion).toMatchObject({ anonymousId: visitor, test: true, context: { server: true }, conversion: { amount: 4999, currency: 'USD' } });
  });

  it('sees a hydration mismatch when the server HTML is altered (the check above can fail)', async () => {
    const { page, problems } = await open();
    await page.route(`${origin}/products/rain-shell`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()).replace('>Buy</button>', '>Bye</button>') });
    });
    await page.goto(`${origin}/products/rain-shell`);
    await expect.poll(() => problems.join('\n'), { timeout: 10_000 }).toMatch(/hydrat|#418/i);
    await page.close();
  });
});
