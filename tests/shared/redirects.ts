// A collector behind a redirect (`/e` → `/e/`, http → https, a moved host), run the same way in
// every browser: what each engine's fetch does with a redirected keepalive POST is its own.
import { expect } from 'vitest';
import { command, convert } from './commands';
import { merchantPage } from './merchant-page';
import type { Navigates } from './nav-chain';
import type { TestServer } from './server';
import { readIdb } from './stored';

/**
 * A conversion sent to an endpoint that answers `code` is not taken as delivered: it stays in
 * the outbox and nothing carries it to where the redirect leads (which answers 200 to
 * anything); once the merchant points `endpoint` at the collector, the next page delivers it once.
 */
export const redirectIsNotDelivery = async (server: TestServer, page: Navigates, code: number, prefix: string) => {
  const reached: string[][] = [];
  const endpoint = (path: string) => merchantPage({ init: { endpoint: server.url('collect.test', path) } });
  server.route(`/${prefix}-moved`, (_, res) => (res.writeHead(code, { 'access-control-allow-origin': '*', location: `/${prefix}-moved/` }), res.end()));
  server.route(`/${prefix}-moved/`, (_, res, body) => {
    try {
      reached.push(JSON.parse(body).map((e: { id: string }) => e.id));
    } catch {}
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/html' });
    res.end('<p>ok</p>');
  });
  server.route(`/${prefix}-redirected`, endpoint(`/${prefix}-moved`));
  server.route(`/${prefix}-fixed`, endpoint('/collect'));
  const outbox = async () => Object.keys((await readIdb(page, 'outbox')) || {});

  await page.goto(server.url('shop.test', `/${prefix}-redirected`));
  const { id } = (await convert(page, `${prefix}-${code}`))!;
  await command(page, 'flush');
  expect(await outbox()).toContain(id);
  expect(reached.filter((ids) => ids.includes(id))).toEqual([]);

  await page.goto(server.url('shop.test', `/${prefix}-fixed`));
  await server.waitFor((e) => e.id == id, 1, 15_000);
  await command(page, 'flush');
  expect(server.arrivals.filter((e) => e.id == id)).toHaveLength(1);
  expect(await outbox()).toEqual([]);
};
