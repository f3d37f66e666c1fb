// The loopback server both real-browser suites share: pages, the built script and a collector
// whose failures tests can switch on. Every event that reaches the collector is checked against
// the documented wire format. Hosts are the browser's business: each suite maps `*.test` names
// (`shop.test`, `www.shop.test`, `collect.test`…) to 127.0.0.1 in its own way.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv2020 from 'ajv/dist/2020.js';
import { createCollector } from '../../examples/collector/collector.mjs';

export interface WireEventLike {
  id: string;
  type: string;
  [key: string]: any;
}

export interface ServerOptions {
  /**
   * The scheme of the URLs `url()` hands out. The server itself speaks plain HTTP; `https` is for
   * a browser that reaches it through a TLS-terminating proxy (tests/webkit/proxy.ts), so pages
   * are secure contexts.
   */
  scheme?: 'http' | 'https';
  /** HTML put at the start of every page's `<head>`: a probe for a driver that cannot inject scripts itself. */
  head?: string;
}

export type Route = string | ((req: IncomingMessage, res: ServerResponse, body: string) => void);

/** How the collector behaves: accept, answer 503, or reset every connection. */
export type CollectorMode = 'ok' | '503' | 'refuse';

export interface TestServer {
  port: number;
  /** `<scheme>://<host>:<port><path>`. */
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

// The built script and the debug report's file the script loads beside itself in debug mode.
const SCRIPTS = ['reftrace.min.js', 'reftrace.debug.min.js'];
const schema = JSON.parse(readFileSync(new URL('../../schema/events.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

export const startServer = async ({ scheme = 'http', head = '' }: ServerOptions = {}): Promise<TestServer> => {
  const routes = new Map<string, Route>();
  const arrivals: WireEventLike[] = [];
  const requests: TestServer['requests'] = [];
  const invalid: TestServer['invalid'] = [];
  // Every conversion the browser sends is kept, even a second one of an order: the suites judge
  // the browser's own de-duplication, which the collector's by `orderId` would hide.
  const collector = createCollector({
    dedupeOrders: false,
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
    if (SCRIPTS.includes(path.slice(1))) {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      return res.end(readFileSync(new URL('../../dist' + path, import.meta.url)));
    }
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404);
      return res.end('not found');
    }
    if (typeof route == 'string') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(head ? route.replace('<head>', '<head>' + head) : route);
    }
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => route(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const state: TestServer = {
    port,
    url: (host, path = '/') => `${scheme}://${host}:${port}${path}`,
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
