import { randomBytes } from 'node:crypto';
import type { Secret } from 'reftrace/server';
import { createApp } from './app.js';
import type { DashboardSettings } from './dashboard.js';
import { createIngest, type Ingest } from './ingest/ingest.js';
import { BODY_LIMIT } from './routes/body.js';
import type { RateLimitOptions } from './routes/rate-limit.js';
import { loadRules, parseRules, type Rules } from './rules/rules.js';
import type { Database } from './storage/database.js';
import { openDatabase, type OpenOptions } from './storage/open.js';

export interface CollectorOptions extends OpenOptions {
  /** An open, migrated database to use instead of opening one (`openDatabase`); `close()` then leaves it open. */
  database?: Database;
  /** The commission rules: an object, or the path of a JSON file. Default: no commissions. */
  rules?: Rules | Record<string, unknown> | string;
  /** The API's bearer token. Default: 32 random bytes, base64url. */
  adminToken?: string;
  /** Request body limit in bytes. Default 1 MiB. */
  bodyLimit?: number;
  rateLimit?: RateLimitOptions;
  /**
   * The journey cookie's secret (or a list, the first signing): the mounted `/journey` handler
   * signs with it and each conversion records whether its journey was `signed`, `unverified` or
   * `tampered` (docs/fraud.md). Default: none, nothing is signed.
   */
  secret?: Secret;
  /** The dashboard's settings: the shop pages partners may link to. */
  dashboard?: DashboardSettings;
  /** Hosts the click redirect `/r` may send visitors to (`shop.com`, `*.shop.com`). Default: none but the collector's own. */
  clickHosts?: string[];
}

export interface Collector {
  /** The Web-standard handler: `(request: Request) => Response`. */
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  app: ReturnType<typeof createApp>;
  /** Stores events exactly once (what the routes call; mount other handlers' `onEvent` on it). */
  ingest: Ingest;
  db: Database;
  rules: Rules;
  adminToken: string;
  close(): Promise<void>;
}

/** Opens (and migrates) the database and builds the collector's app. */
export const createCollector = async (options: CollectorOptions = {}): Promise<Collector> => {
  const rules = typeof options.rules == 'string' ? loadRules(options.rules) : parseRules(options.rules);
  const adminToken = options.adminToken || randomBytes(32).toString('base64url');
  const db = options.database ?? (await openDatabase(options));
  const { secret } = options;
  const ingest = createIngest(db, rules, { secret });
  const app = createApp({ db, rules, ingest, adminToken, bodyLimit: options.bodyLimit ?? BODY_LIMIT, rateLimit: options.rateLimit, journeyCookie: { secret }, dashboard: options.dashboard, clickHosts: options.clickHosts });
  return { fetch: app.fetch, app, ingest, db, rules, adminToken, close: async () => void (options.database || (await db.close())) };
};
