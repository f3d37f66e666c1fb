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

export const shopPagesOf = (pages: DashboardSettings['shopPages'] = []): ShopPage[] =>
  pages.map((p) => (typeof p == 'string' ? { label: p.replace(/^https?:\/\//, ''), url: p } : p));

export const mountDashboard = (app: Hono, { db, rules, adminToken, settings = {} }: { db: Database; rules: Rules; adminToken: string; settings?: DashboardSettings }) => {
  const keys = sessionKeys(adminToken);
  app.route('/', assetRoutes());
  app.route('/api', dashboardApiRoutes(db));
  app.route('/', dashboardRoutes({ db, rules, adminToken, keys, api: app }));
  app.route('/', portalRoutes({ db, keys, shopPages: shopPagesOf(settings.shopPages), param: settings.param }));
};
