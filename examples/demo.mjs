// The whole job end to end: a partner's blog links to a merchant site that loads reftrace by
// script tag, the visitor buys, and the conversion arrives at the reference collector
// (reftrace-collector, on its embedded database) with the partner credited; then the same
// visitor buys in a storefront app that imports reftrace from npm; then a partner shares a link
// with a sub-id as a QR code, and a visitor without JavaScript buys through it, recorded by the
// tracking pixel alone. Last, the commission each partner earned is read back from the
// collector's API, and the dashboard's address and token are printed.
//
//   npm run demo            drives headless Chromium through it and exits (0 when it all arrived)
//   npm run demo -- --serve  keeps the three sites up for you to click through
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { startCollector, toMajor } from 'reftrace-collector';

const SHOP = 8787, COLLECTOR = 8788, PARTNER = 8789;
const shop = `http://localhost:${SHOP}`;
const collectorUrl = `http://127.0.0.1:${COLLECTOR}/e`;
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const serve = process.argv.includes('--serve');

// The storefront bundles the npm entry, as an app's own bundler would.
const bundle = await rollup({
  input: here('storefront/app.ts'),
  plugins: [
    { name: 'reftrace', resolveId: (id) => (id == 'reftrace' ? here('../dist/index.js') : null) },
    resolve({ browser: true }),
    typescript({ tsconfig: here('storefront/tsconfig.json') }),
  ],
});
const { output } = await bundle.generate({ format: 'es', intro: `const COLLECTOR = ${JSON.stringify(collectorUrl)};` });

const page = (file, replacements = {}) =>
  Object.entries(replacements).reduce((html, [k, v]) => html.replaceAll(k, v), readFileSync(here(file), 'utf8'));
const site = (port, routes) =>
  new Promise((r) =>
    createServer((req, res) => {
      const route = routes[new URL(req.url, 'http://x').pathname];
      if (!route) return res.writeHead(404).end('not found');
      if (typeof route == 'function') return route(req, res);
      res.writeHead(200, { 'content-type': route[0], 'cache-control': 'no-store' }).end(route[1]());
    }).listen(port, '127.0.0.1', r),
  );

// The embedded database persists in examples/.data between runs (its first start takes a while).
const collector = await startCollector({
  port: COLLECTOR,
  dataDir: here('.data/reftrace-data'),
  rules: here('rules.json'),
  adminToken: process.env.REFTRACE_ADMIN_TOKEN,
});
const api = async (path) => (await fetch(collector.url + 'api/' + path, { headers: { authorization: `Bearer ${collector.adminToken}` } })).json();
const html = 'text/html; charset=utf-8';
// The partner's side and the no-JavaScript path: the shop mounts the click redirect and the pixel
// of reftrace/server, which hand their events to the collector.
const { buildShareLink } = await import('../dist/links/index.js');
const { qrSvg } = await import('../dist/links/qr.js');
const { clickHandler, pixelHandler, pixelUrl, toNodeHandler } = await import('../dist/server/index.js');
const toCollector = (event) => fetch(collectorUrl, { method: 'POST', body: JSON.stringify([event]) });
const noJsOrder = `N-${Date.now()}`;
await site(SHOP, {
  '/': [html, () => page('merchant/index.html', { __COLLECTOR__: collectorUrl })],
  '/checkout.html': [html, () => page('merchant/checkout.html', { __COLLECTOR__: collectorUrl })],
  '/reftrace.min.js': ['text/javascript', () => readFileSync(here('../dist/reftrace.min.js'))],
  '/app/': [html, () => page('storefront/index.html')],
  '/app/app.js': ['text/javascript', () => output[0].code],
  '/r': toNodeHandler(clickHandler({ hosts: [`localhost:${SHOP}`], onEvent: toCollector })),
  '/px': toNodeHandler(pixelHandler({ onEvent: toCollector })),
  '/thanks-nojs': [html, () => `<!doctype html><title>Thanks</title><p>Thank you! (no JavaScript on this page)<img src="${pixelUrl('/px', { orderId: noJsOrder, amount: '19.90', currency: 'EUR' })}" width="1" height="1" alt="">`],
});
await site(PARTNER, { '/': [html, () => page('partner/index.html', { __SHOP__: shop })] });
console.log(`partner blog  http://127.0.0.1:${PARTNER}/\nmerchant shop ${shop}/  (storefront app: ${shop}/app/)\ncollector     ${collector.url} (admin token ${collector.adminToken})\ndashboard     ${collector.url}  (sign in with the admin token)`);

if (!serve) {
  execFileSync('sh', [here('../scripts/ensure-chromium.sh')], { stdio: 'inherit' });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  const started = Date.now();
  /** The conversion stored for this run's order, read back from the collector's API. */
  const arrived = async (orderPrefix) => {
    for (let i = 0; i < 100; i++) {
      const found = (await api(`conversions?from=${started - 6e4}`)).find((c) => c.orderId.startsWith(orderPrefix));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    const tab = await browser.newPage();
    console.log('\n1. A visitor reads the partner blog and follows the partner link');
    await tab.goto(`http://127.0.0.1:${PARTNER}/`);
    await Promise.all([tab.waitForURL(`${shop}/**`), tab.click('#partner-link')]);
    await tab.waitForFunction(() => document.getElementById('ref').textContent != 'nobody');
    console.log('2. The merchant site shows the referral it remembered:', await tab.textContent('#ref'));
    await tab.click('#checkout');
    await tab.click('#buy');
    const viaScript = await arrived('A-');
    console.log('3. Script-tag checkout: the conversion reached the collector, partner =', viaScript?.ref);
    console.log('4. Later the visitor follows a second partner\'s link, straight into the storefront app (npm import)');
    await tab.goto(`${shop}/app/?via=bob&utm_source=bob_video`);
    await tab.waitForFunction(() => document.getElementById('ref').textContent == 'bob');
    await tab.click('#buy');
    const viaNpm = await arrived('S-');
    const credits = viaNpm?.attribution.credits.map((c) => `${c.ref} ${c.amount}`).join(', ');
    console.log(`5. Storefront conversion arrived: position-based credit ${credits}; commission to ${viaNpm?.ref}`);
    console.log('6. Partner carol builds a share link with a sub-id, pointing at the shop\'s click redirect, and its QR code');
    const link = buildShareLink(`${shop}/r?to=%2F`, { ref: 'carol', subIds: { sub1: 'flyer' }, platform: 'qr' });
    const qrFile = join(tmpdir(), 'reftrace-demo-carol.svg');
    writeFileSync(qrFile, qrSvg(link));
    console.log(`   ${link}\n   QR code: ${qrFile}`);
    console.log('7. A visitor with JavaScript off scans it, lands on the shop, and buys: only the thank-you page\'s pixel reports it');
    const noJs = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await noJs.goto(link);
    await noJs.goto(`${shop}/thanks-nojs`);
    const viaPixel = await arrived('N-');
    console.log(`8. Pixel conversion arrived: ${viaPixel && toMajor(viaPixel.amount, viaPixel.currency)} ${viaPixel?.currency}, commission to ${viaPixel?.ref}`);
    if (viaScript?.ref != 'alice' || viaNpm?.ref != 'bob' || viaNpm.attribution.credits.length != 2 || viaScript.flags.length || viaNpm.flags.length || viaPixel?.ref != 'carol')
      throw Error('demo failed: the conversions did not arrive as expected');
    console.log('9. What the partners earned, recomputed and priced by the collector (read back from its API):');
    for (const c of [viaScript, viaNpm, viaPixel])
      console.log(`   ${c.ref} earned ${toMajor(c.commission, c.commissionCurrency)} ${c.commissionCurrency} on order ${c.orderId} (${toMajor(c.amount, c.currency)} ${c.currency}, rule ${c.rule})`);
    console.log('\nDemo complete: all three conversions arrived at the collector, verified, with their partners credited and paid.');
    console.log(`\nDashboard: ${collector.url}  (sign in with the admin token ${collector.adminToken}; \`npm run demo -- --serve\` keeps it up)`);
  } finally {
    await browser.close();
    await collector.close();
  }
  process.exit(0);
}
