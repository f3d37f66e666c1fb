// Mounts the merchant dashboard (`/`), the partner pages (`/p/<code>`), their assets and the
// API's additions on the collector's app. Called after the API's admin guard is in place, so the
// added `/api` routes are behind it too.
import type { Hono } from 'hono';
import { sessionKeys } from './auth/session.js';
import type { ShopPage } from './pages/partner-portal.js';
import { assetRoutes } from './routes/assets.js';
import { dashboardApiRoutes } from './routes/dashboard-api.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { portalRoutes } from './routes/portal.js';
import type { Rules } from './rules/rules.js';
import type { Database } from './storage/database.js';

export interface DashboardSettings {
  /**
   * The shop's pages partners may build links to, on their page's link builder: URLs, or
   * `{ label, url }`. Default: none (the builder says so).
   */
  shopPages?: (string | ShopPage)[];
  /** The referral parameter the shop's script reads. Default `ref`. */
  param?: string;
}

/** The configured pages, labelled; a page that is not an http(s) URL is a configuration error, said at start. */
export const shopPagesOf = (pages: DashboardSettings['shopPages'] = []): ShopPage[] =>
  pages.map((p) => {
    const page = typeof p == 'string' ? { label: p.replace(/^https?:\/\//, ''), url: p } : p;
    if (!/^https?:\/\/[^/]/i.test(page?.url ?? '') || !URL.canParse(page.url)) throw TypeError(`shop page: not an http(s) URL: "${page?.url}"`);
    return { label: String(page.label || page.url), url: page.url };
  });

export const mountDashboard = (app: Hono, { db, rules, adminToken, settings = {} }: { db: Database; rules: Rules; adminToken: string; settings?: DashboardSettings }) => {
  const keys = sessionKeys(adminToken);
  app.route('/', assetRoutes());
  app.route('/api', dashboardApiRoutes(db));
  app.route('/', dashboardRoutes({ db, rules, adminToken, keys, api: app }));
  app.route('/', portalRoutes({ db, keys, shopPages: shopPagesOf(settings.shopPages), param: settings.param }));
};
