// The hardest moment for delivery, run the same way in every browser: a conversion fired right
// before the page navigates away, 30 pages in a row, judged only by what reaches the collector.
import { expect } from 'vitest';
import { merchantPage } from './merchant-page';
import type { TestServer, WireEventLike } from './server';
import { storedOutbox, type Evaluates } from './stored';

/** What this needs from a driver's page; playwright-core's and puppeteer-core's both fit, and WebDriver's asks the browser. */
export interface Navigates extends Evaluates {
  goto(url: string): Promise<unknown>;
  url(): string | Promise<string>;
}

const N = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Loads `/<prefix>?i=0` … `?i=30`; page i converts order `<prefix>-i` on load and moves on to page
 * i+1 as `step` says. Asserts every conversion arrived once and that `errors` (the page's uncaught
 * errors, collected by the caller) stayed empty; logs what a failure needs to be understood.
 */
export const navigationChain = async (server: TestServer, page: Navigates, errors: string[], prefix: string, step: string) => {
  server.route(
    '/' + prefix,
    merchantPage({
      init: { endpoint: server.url('collect.test', '/collect') },
      // The script has booted by `load` (async scripts hold it back): like a checkout button.
      inline: `addEventListener('load', function () { var i = +new URLSearchParams(location.search).get('i'); if (i < ${N}) { ${step} } });`,
    }),
  );
  const mine = (e: WireEventLike) => e.type == 'conversion' && e.conversion.orderId.startsWith(prefix + '-');
  const started = Date.now();
  await page.goto(server.url('shop.test', `/${prefix}?i=0`));
  const last = `/${prefix}?i=${N}`;
  for (const end = Date.now() + 30_000; !(await page.url()).endsWith(last); await sleep(50))
    if (Date.now() > end) throw Error(`the chain stopped at ${await page.url()}`);
  const atLastPage = server.events.filter(mine).length;
  for (const end = Date.now() + 30_000; server.events.filter(mine).length < N && Date.now() < end; ) await sleep(50);
  const events = server.events.filter(mine);
  const elapsed = Date.now() - started;
  await sleep(1000);
  const raw = server.arrivals.filter(mine);
  const left = await storedOutbox(page);
  const missing = Array.from({ length: N }, (_, i) => `${prefix}-${i}`).filter((o) => !events.some((e) => e.conversion.orderId == o));
  console.log(
    `[delivery] ${prefix}: ${events.length}/${N} conversions arrived (${atLastPage} when the last page loaded, ${elapsed} ms), ` +
      `${raw.length} raw arrivals = ${raw.length - events.length} duplicates, ${left.idbEntries + left.localEntries} entries still in the outbox` +
      (missing.length ? `; never arrived: ${missing.join(' ')}` : ''),
  );
  expect(missing).toEqual([]);
  expect(new Set(events.map((e) => e.id)).size).toBe(N);
  expect(errors).toEqual([]);
};
