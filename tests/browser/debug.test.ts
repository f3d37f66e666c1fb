// Debug mode in real Chromium: the script tag loads reftrace.debug.min.js beside itself and the
// console tells, in words, a landing, a refused code and a conversion delivered.
import type { ConsoleMessage, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launch, fileServer, merchantPage } from './harness';

const server = fileServer();

const endpoint = () => server.url('collect.test', '/collect');

/** Every console message of the page, as `level text`, and a wait for one containing `text`. */
const listen = (page: Page) => {
  const lines: string[] = [];
  page.on('console', (m: ConsoleMessage) => lines.push(`${m.type()} ${m.text()}`));
  const said = async (text: string, ms = 30_000) => {
    const end = Date.now() + ms;
    while (!lines.some((l) => l.includes(text))) {
      if (Date.now() > end) throw Error(`no console message with "${text}" in:\n${lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return lines.find((l) => l.includes(text))!;
  };
  return { lines, said };
};

describe('debug mode (script tag)', () => {
  it('reports a landing from ?reftrace_debug=1, loading the debug file from beside the script', async () => {
    server.route('/landing', merchantPage({ init: { endpoint: endpoint() } }));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      const scripts: string[] = [];
      page.on('request', (r) => r.resourceType() == 'script' && scripts.push(new URL(r.url()).pathname));
      const { lines, said } = listen(page);
      await page.goto(server.url('www.shop.test', '/landing?ref=alice&utm_campaign=spring&reftrace_debug=1'));
      expect(await said('reftrace: debug report.')).toContain(`Endpoint ${endpoint()}; consent granted (the default)`);
      expect(await said('captured this landing')).toBe(
        'info reftrace: captured this landing as a new touch: partner "alice", channel affiliate, campaign spring, landing /landing?ref=alice&utm_campaign=spring',
      );
      expect(await said('Stored in:')).toMatch(/journey of visitor [\w-]{21}: 1 touch \(partners "alice"\)\. Stored in: cookie _reftrace holds it; IndexedDB holds it; localStorage holds it/);
      await said('delivered (HTTP 204): click for partner "alice"');
      expect(scripts).toEqual(['/reftrace.min.js', '/reftrace.debug.min.js']);
      // Words, not minified names: every line is a sentence of the report.
      for (const line of lines.filter((l) => l.includes('reftrace'))) expect(line).toMatch(/^(info|warning) reftrace: [a-z]/);
    } finally {
      await close();
    }
  });

  it('says why a referral code was refused', async () => {
    server.route('/refused', merchantPage({ data: { endpoint: endpoint(), debug: '' } }));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      const { said } = listen(page);
      await page.goto(server.url('www.shop.test', '/refused?ref=' + encodeURIComponent('<script>')));
      expect(await said('refused the referral code')).toBe(
        'warning reftrace: refused the referral code "<script>": it contains "<", ">". A code is 1 to 64 letters, digits or - _ . ~; nothing is stored or sent for it',
      );
      expect(await said('Stored in:')).toContain(': 0 touches. Stored in: cookie _reftrace holds it');
    } finally {
      await close();
    }
  });

  it('follows a conversion from queued to delivered, and stays silent without debug mode', async () => {
    const buy = `<button id="buy" onclick="reftrace('convert', {orderId: 'dbg-1', amount: '19.90', currency: 'EUR'})">buy</button>`;
    server.route('/debug-checkout', merchantPage({ init: { endpoint: endpoint(), debug: true }, body: buy }));
    server.route('/quiet-checkout', merchantPage({ init: { endpoint: endpoint() }, body: buy.replace('dbg-1', 'dbg-2') }));
    const { context, close } = await launch(server);
    try {
      const page = await context.newPage();
      const { said } = listen(page);
      await page.goto(server.url('www.shop.test', '/debug-checkout?ref=bob'));
      await said('Stored in:');
      await page.click('#buy');
      const [conversion] = await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == 'dbg-1');
      expect(await said('queued conversion')).toBe(
        `info reftrace: queued conversion purchase of order "dbg-1", 19.90 EUR, awarded to partner "bob" (id ${conversion.id})`,
      );
      await said(`delivered (HTTP 204): conversion purchase of order "dbg-1", 19.90 EUR, awarded to partner "bob" (id ${conversion.id})`);

      const quiet = await context.newPage();
      const scripts: string[] = [];
      quiet.on('request', (r) => r.resourceType() == 'script' && scripts.push(new URL(r.url()).pathname));
      const { lines } = listen(quiet);
      await quiet.goto(server.url('www.shop.test', '/quiet-checkout'));
      await quiet.click('#buy');
      await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == 'dbg-2');
      await quiet.evaluate(() => new Promise((r) => (window as any).reftrace('flush').then(r)));
      expect(lines.filter((l) => l.includes('reftrace'))).toEqual([]);
      expect(scripts).toEqual(['/reftrace.min.js']);
    } finally {
      await close();
    }
  });
});
