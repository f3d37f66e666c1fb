import { Hono, type Context } from 'hono';
import { clickHandler, journeyCookieHandler, pixelHandler, type JourneyCookieOptions } from 'reftrace/server';
import { clientHash } from './ingest/client.js';
import { mountDashboard, type DashboardSettings } from './dashboard.js';
import type { Ingest } from './ingest/ingest.js';
import type { Rules } from './rules/rules.js';
import { hasAdminToken, requireAdmin } from './routes/admin.js';
import { apiRoutes } from './routes/api.js';
import { ingestRoutes } from './routes/ingest.js';
import { clientAddress } from './routes/client.js';
import { rateLimit, type RateLimitOptions } from './routes/rate-limit.js';
import { reviewRoute } from './routes/review.js';
import type { Database } from './storage/database.js';

export interface AppOptions {
  db: Database;
  rules: Rules;
  ingest: Ingest;
  adminToken: string;
  bodyLimit: number;
  rateLimit?: RateLimitOptions;
  /** Options of the SDK's server-cookie handler mounted at `/journey`. */
  journeyCookie?: JourneyCookieOptions;
  /** The dashboard's settings (the shop pages of the partners' link builder). */
  dashboard?: DashboardSettings;
  /** Hosts the click redirect `/r` may send visitors to (`shop.com`, `*.shop.com`). Default: none but this one. */
  clickHosts?: string[];
}

/**
 * The collector's routes on one Hono app (a Web-standard `fetch` handler: Node through
 * @hono/node-server, or any runtime Hono runs on):
 *
 * - `/e`: ingest (the SDK's POST batches and pixel), rate-limited per client address;
 * - `/journey`: the SDK's server-set journey cookie (`reftrace/server`'s handler, mounted as is);
 * - `/px`, `/r`: the SDK's tracking pixel and click redirect, recording through the same ingest;
 * - `/api/*`: the JSON API behind the admin token;
 * - `/`, `/p/<code>`: the merchant dashboard and the partner pages (src/dashboard.ts).
 */
export const createApp = ({ db, rules, ingest, adminToken, bodyLimit, rateLimit: limits, journeyCookie, dashboard, clickHosts }: AppOptions) => {
  const app = new Hono();
  app.use('/e', rateLimit(limits));
  // The click-flood rule's key: the journey secret when there is one (shared by every collector process), else the admin token.
  const clientKey = [journeyCookie?.secret ?? adminToken].flat()[0];
  const client = (c: Context) => clientHash(clientKey, clientAddress(c, !!limits?.trustProxy), c.req.header('user-agent'));
  app.route('/e', ingestRoutes(ingest, { bodyLimit, trusted: (c) => hasAdminToken(c, adminToken), client }));
  const journey = journeyCookieHandler(journeyCookie);
  app.all('/journey', (c) => journey(c.req.raw));
  // The SDK's no-JavaScript handlers, recording through the same ingest as `/e`. The click
  // redirect sends visitors only to this collector's own host (relative `to=`) unless
  // `clickHosts` lists the shop's hosts.
  const record = (c: Context, via: string) => (event: unknown) => ingest([event], { via, cookie: c.req.header('cookie') });
  app.get('/px', (c) => pixelHandler({ onEvent: record(c, 'pixel') })(c.req.raw));
  app.get('/r', (c) => clickHandler({ ...journeyCookie, hosts: clickHosts ?? [], onEvent: record(c, 'click') })(c.req.raw));
  app.use('/api/*', requireAdmin(adminToken));
  const api = apiRoutes(db, rules);
  reviewRoute(api, db);
  app.route('/api', api);
  mountDashboard(app, { db, rules, adminToken, settings: dashboard });
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    console.error('[reftrace-collector]', error);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
};
