#!/usr/bin/env node
// `npx reftrace-collector [--port 8788] [--data ./reftrace-data] [--rules rules.json]`: starts the
// collector and prints its URL and admin token. Every flag is documented in collector/README.md.
import { parseArgs } from 'node:util';
import { startCollector } from './server.js';

const HELP = `reftrace-collector: the reference collector for reftrace

  --port <n>         port to listen on (env PORT; default 8788; 0 picks a free one)
  --host <addr>      address to listen on (env HOST; default 127.0.0.1)
  --data <dir>       embedded database folder, when DATABASE_URL is unset (default ./reftrace-data)
  --rules <file>     commission and attribution rules, JSON (default: no commissions)
  --body-limit <n>   request body limit in bytes (default 1048576)
  --rate-limit <n>   ingest requests per client address per minute, 0 for none (default 600)
  --trust-proxy      take the client address from X-Forwarded-For
  --shop-page <url>  a shop page partners may link to from their page's link builder (repeat the flag)
  --ref-param <name> the referral parameter the shop reads, for partners' links (default ref)
  --help             this text

  DATABASE_URL          a Postgres server (postgres://user:pass@host:5432/db) instead of the embedded database
  REFTRACE_ADMIN_TOKEN  the API's bearer token and the dashboard's sign-in (default: generated at start and printed)
  REFTRACE_SHOP_PAGES   shop pages for partners' links, comma-separated (when no --shop-page is given)
  REFTRACE_SECRET       the journey cookie's signing secret, or several comma-separated (the first signs): docs/fraud.md
`;

const fail = (message: string) => {
  console.error(`reftrace-collector: ${message}\n\n${HELP}`);
  process.exit(2);
};

const integer = (name: string, text: string | undefined, fallback: number) => {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) fail(`--${name}: expected a whole number, got "${text}"`);
  return +text;
};

let values: Record<string, string | string[] | boolean | undefined> = {};
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      rules: { type: 'string' },
      'body-limit': { type: 'string' },
      'rate-limit': { type: 'string' },
      'trust-proxy': { type: 'boolean' },
      'shop-page': { type: 'string', multiple: true },
      'ref-param': { type: 'string' },
      help: { type: 'boolean' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const get = (name: string) => values[name] as string | undefined;
const env = process.env;

try {
  const collector = await startCollector({
    port: integer('port', get('port') ?? env.PORT, 8788),
    host: get('host') ?? env.HOST ?? '127.0.0.1',
    dataDir: get('data') ?? './reftrace-data',
    databaseUrl: env.DATABASE_URL || undefined,
    rules: get('rules'),
    adminToken: env.REFTRACE_ADMIN_TOKEN || undefined,
    secret: env.REFTRACE_SECRET ? env.REFTRACE_SECRET.split(',') : undefined,
    bodyLimit: integer('body-limit', get('body-limit'), 1 << 20),
    rateLimit: { limit: integer('rate-limit', get('rate-limit'), 600), trustProxy: !!values['trust-proxy'] },
    dashboard: { shopPages: (values['shop-page'] as string[] | undefined) ?? env.REFTRACE_SHOP_PAGES?.split(',').filter(Boolean), param: get('ref-param') },
    onError: (error) => console.error('[reftrace-collector] database connection:', error.message),
  });
  const storage = env.DATABASE_URL ? 'Postgres (DATABASE_URL)' : `embedded database in ${get('data') ?? './reftrace-data'}`;
  console.log(`reftrace collector on ${collector.url} (${storage})`);
  console.log(`events:      POST ${collector.url}e`);
  console.log(`dashboard:   ${collector.url} (sign in with the admin token)`);
  console.log(`admin token: ${collector.adminToken}${env.REFTRACE_ADMIN_TOKEN ? ' (REFTRACE_ADMIN_TOKEN)' : ' (generated; set REFTRACE_ADMIN_TOKEN to keep one)'}`);
  const stop = () => collector.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`reftrace-collector: ${(error as Error).message}`);
  process.exit(1);
}
