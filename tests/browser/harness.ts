// Real-browser test harness: a loopback server for pages, the built script and a collector whose
// failures tests can switch on, and Debian's Chromium driven by playwright-core with every
// `*.test` host mapped to 127.0.0.1 (so `shop.test`, `www.shop.test` and `checkout.test` are
// distinct sites on one machine).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv2020 from 'ajv/dist/2020.js';
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core';
import { createCollector } from '../../examples/collector/collector.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH, TEST_HOSTS } from '../../scripts/chromium.mjs';

const LAUNCH: LaunchOptions = { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, TEST_HOSTS] };

export interface WireEventLike {
  id: string;
  type: string;
  [key: string]: any;
}

export type Route = string | ((req: IncomingMessage, res: ServerResponse, body: string) => void);

/** How the collector behaves: accept, answer 503, or reset every connection. */
export type CollectorMode = 'ok' | '503' | 'refuse';

export interface TestServer {
  port: number;
  /** `http://<host>:<port><path>`. */
  url(host: string, path?: string): string;
  /** Serves `path` (any host): an HTML string, or a handler. */
  route(path: string, route: Route): void;
  /** Events the collector accepted, de-duplicated by id, in arrival order. */
  events: WireEventLike[];
  /** Every event that arrived, duplicates included. */
  arrivals: WireEventLike[];
  /** Events that broke the JSON Schema of the wire format, with the errors. */
  invalid: { event: WireEventLike; errors: unknown }[];
  /** Requests that reached the collector's path, whatever the outcome. */
  requests: { method: string; status: number }[];
  mode: CollectorMode;
  /** Resolves once `count` distinct events matching `filter` arrived, or rejects after `ms`. */
  waitFor(filter: (e: WireEventLike) => boolean, count?: number, ms?: number): Promise<WireEventLike[]>;
  close(): Promise<void>;
}

const SCRIPT = new URL('../../dist/reftrace.min.js', import.meta.url);
// Every event that reaches the collector is checked against the documented wire format.
const schema = JSON.parse(readFileSync(new URL('../../schema/events.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

export const startServer = async (): Promise<TestServer> => {
  const routes = new Map<string, Route>();
  const arrivals: WireEventLike[] = [];
  const requests: TestServer['requests'] = [];
  const invalid: TestServer['invalid'] = [];
  const collector = createCollector({
    onArrival: (e: WireEventLike) => {
      arrivals.push(e);
      if (!validate([e])) invalid.push({ event: e, errors: validate.errors });
    },
  });
  const server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    if (path == '/collect') {
      if (state.mode == 'refuse') return req.socket.destroy();
      if (state.mode == '503') {
        requests.push({ method: req.method!, status: 503 });
        res.writeHead(503, { 'access-control-allow-origin': '*' });
        return res.end();
      }
      res.on('finish', () => requests.push({ method: req.method!, status: res.statusCode }));
      return collector.handle(req, res);
    }
    if (path == '/reftrace.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      return res.end(readFileSync(SCRIPT));
    }
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404);
      return res.end('not found');
    }
    if (typeof route == 'string') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(route);
    }
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => route(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const state: TestServer = {
    port,
    url: (host, path = '/') => `http://${host}:${port}${path}`,
    route: (path, route) => void routes.set(path, route),
    events: collector.events,
    arrivals,
    invalid,
    requests,
    mode: 'ok',
    waitFor: async (filter, count = 1, ms = 10_000) => {
      const end = Date.now() + ms;
      for (;;) {
        const found = collector.events.filter(filter);
        if (found.length >= count) return found;
        if (Date.now() > end) throw Error(`waited ${ms} ms for ${count} events, got ${found.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
  return state;
};

/** A fresh browser with one incognito-like context; pass a directory to get a persistent profile. */
export const launch = async (): Promise<{ browser: Browser; context: BrowserContext; close(): Promise<void> }> => {
  const browser = await chromium.launch(LAUNCH);
  const context = await browser.newContext();
  return { browser, context, close: () => browser.close() };
};

/** A browser with a profile on disk, so cookies and IndexedDB survive `close()` and a relaunch. */
export const launchPersistent = async (userDataDir: string): Promise<{ context: BrowserContext; close(): Promise<void> }> => {
  const context = await chromium.launchPersistentContext(userDataDir, LAUNCH);
  return { context, close: () => context.close() };
};

export interface PageOptions {
  /** Options for the inline `init` snippet; omitted, the page has no inline script at all. */
  init?: Record<string, unknown>;
  /** `data-*` attributes on the script element. */
  data?: Record<string, string>;
  /** Extra inline script run after the snippet (commands queued before the script loads). */
  inline?: string;
  body?: string;
  head?: string;
}

/** A merchant page that loads the script-tag build the documented way. */
export const merchantPage = ({ init, data = {}, inline = '', body = '', head = '' }: PageOptions = {}): string => {
  const attrs = Object.entries(data)
    .map(([k, v]) => ` data-${k}="${v}"`)
    .join('');
  const snippet =
    init || inline
      ? `<script>window.reftrace=window.reftrace||function(){(reftrace.q=reftrace.q||[]).push(arguments)};${
          init ? `reftrace('init', ${JSON.stringify(init)});` : ''
        }${inline}</script>`
      : '';
  return `<!doctype html><html><head><meta charset="utf-8">${head}${snippet}<script async src="/reftrace.min.js"${attrs}></script></head><body>${body}</body></html>`;
};

/**
 * A value reftrace keeps in this origin's IndexedDB (`reftrace`/`kv`), read from inside the
 * page; `undefined` when there is no such database, which is only opened if it exists (opening
 * it would create it).
 */
export const readIdb = (page: Page, key: string): Promise<any> =>
  page.evaluate(async (key) => {
    if (!(await indexedDB.databases()).some((d) => d.name == 'reftrace')) return undefined;
    return new Promise((resolve) => {
      const open = indexedDB.open('reftrace');
      open.onsuccess = () => {
        try {
          const get = open.result.transaction('kv').objectStore('kv').get(key);
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => resolve(undefined);
        } catch {
          resolve(undefined);
        }
        open.result.close();
      };
      open.onerror = () => resolve(undefined);
    });
  }, key);
