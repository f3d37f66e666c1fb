// The API's additions for the dashboard (mounted at `/api`, behind the admin token like the
// rest): partner tokens, figures by day, ingest health.
import { Hono } from 'hono';
import { issueToken, isPartnerCode, listTokens, revokeToken } from '../auth/partner-tokens.js';
import { daily, health } from '../storage/breakdowns.js';
import type { Database } from '../storage/database.js';
import { DatabaseUnavailable } from '../storage/errors.js';
import { parsePeriod } from './period.js';

const DAY = 86_400_000;

export const dashboardApiRoutes = (db: Database) => {
  const app = new Hono();
  app.onError((error, c) => {
    console.error('[reftrace-collector]', error);
    return c.json({ error: new DatabaseUnavailable(error).message }, 503, { 'retry-after': '5' });
  });

  // POST → 201 { id, ref, token, createdAt, revokedAt: null }: the token is in this answer only.
  app.post('/partners/:ref/tokens', async (c) => {
    const ref = c.req.param('ref');
    if (!isPartnerCode(ref)) return c.json({ error: 'ref: a referral code (1–64 letters, digits or -_.~)' }, 400);
    return c.json(await issueToken(db, ref), 201);
  });
  app.get('/partners/:ref/tokens', async (c) => c.json(await listTokens(db, c.req.param('ref'))));
  app.delete('/partners/:ref/tokens/:id', async (c) =>
    (await revokeToken(db, c.req.param('ref'), c.req.param('id'))) ? c.body(null, 204) : c.json({ error: 'no such token for this partner' }, 404),
  );

  // Clicks, conversions, revenue and commission per UTC day; `ref` for one partner. Both ends are required
  // (an open period has no first day).
  app.get('/daily', async (c) => {
    const from = c.req.query('from'), to = c.req.query('to');
    if (!from || !to) return c.json({ error: 'from and to are required (YYYY-MM-DD)' }, 400);
    const period = parsePeriod(from, to);
    if (typeof period == 'string') return c.json({ error: period }, 400);
    if (period.to <= period.from || period.to - period.from > 1100 * DAY) return c.json({ error: 'a period of 1 to 1,100 days' }, 400);
    return c.json(await daily(db, period, c.req.query('ref') || undefined));
  });

  app.get('/health', async (c) => c.json(await health(db)));
  return app;
};
