import { Hono, type Context } from 'hono';
import { isReferralId } from 'reftrace/server';
import { toMajor } from '../money/major.js';
import type { Rules } from '../rules/rules.js';
import type { Database } from '../storage/database.js';
import { DatabaseUnavailable } from '../storage/errors.js';
import { heldJourneys } from '../storage/journeys.js';
import { refund } from '../storage/refunds.js';
import { conversions, partners, payouts, summary } from '../storage/reports.js';
import { STATUSES, type Status } from '../storage/status.js';
import { readBody } from './body.js';
import { csv } from './csv.js';
import { parsePeriod, type Period } from './period.js';

/** The period of the request, or a 400 answer. */
const periodOf = (c: Context): Period | Response => {
  const period = parsePeriod(c.req.query('from'), c.req.query('to'));
  return typeof period == 'string' ? c.json({ error: period }, 400) : period;
};

/**
 * The JSON API (mounted at `/api`, behind the admin token). Handlers fail only through the
 * database, so any failure is answered 503, never a 500.
 */
export const apiRoutes = (db: Database, rules: Rules) => {
  const app = new Hono();
  app.onError((error, c) => {
    console.error('[reftrace-collector]', error);
    return c.json({ error: new DatabaseUnavailable(error).message }, 503, { 'retry-after': '5' });
  });

  app.get('/summary', async (c) => {
    const period = periodOf(c);
    return period instanceof Response ? period : c.json(await summary(db, period));
  });

  app.get('/partners', async (c) => {
    const period = periodOf(c);
    return period instanceof Response ? period : c.json(await partners(db, period, Object.keys(rules.partners)));
  });

  app.get('/conversions', async (c) => {
    const period = periodOf(c);
    if (period instanceof Response) return period;
    const status = c.req.query('status');
    if (status !== undefined && !STATUSES.includes(status as Status)) return c.json({ error: `status: one of ${STATUSES.join(', ')}` }, 400);
    const limitText = c.req.query('limit') ?? '100';
    const limit = /^\d{1,4}$/.test(limitText) ? Math.min(+limitText, 1000) : NaN;
    if (!(limit > 0)) return c.json({ error: 'limit: an integer from 1 to 1000' }, 400);
    return c.json(await conversions(db, { ...period, ref: c.req.query('ref'), status: status as Status | undefined, limit, now: Date.now() }));
  });

  app.get('/payouts', async (c) => {
    const period = periodOf(c);
    if (period instanceof Response) return period;
    const lines = await payouts(db, period, Date.now());
    if (c.req.query('format') != 'csv') return c.json(lines);
    const rows = lines.map((l) => [l.ref, l.currency, l.conversions, l.approved, l.reversed, l.payout, toMajor(l.payout, l.currency)]);
    return c.body(csv(['ref', 'currency', 'conversions', 'approved', 'reversed', 'payout', 'payout_major'], rows), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="payouts.csv"',
    });
  });

  // The visitor's journey as this collector knows it, for `reftrace/server`'s `fromReferralId`.
  app.get('/journeys/:anonymousId', async (c) => {
    const id = c.req.param('anonymousId');
    if (!isReferralId(id) || id.length > 64) return c.json({ error: 'anonymousId: 1 to 64 letters, digits, "_" or "-"' }, 400);
    const journey = (await heldJourneys(db, [id])).get(id);
    return journey ? c.json(journey) : c.json({ error: `no journey for ${id}` }, 404);
  });

  app.post('/refunds', async (c) => {
    const text = await readBody(c.req.raw, 64 * 1024);
    if (text === undefined) return c.json({ error: 'body over 64 KiB' }, 413, { connection: 'close' });
    let body: { orderId?: unknown; amount?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      return c.json({ error: 'malformed JSON: expected { "orderId": "…", "amount": 1234 }' }, 400);
    }
    const { orderId, amount } = body ?? {};
    if (typeof orderId != 'string' || !orderId || orderId.length > 200) return c.json({ error: 'orderId: a non-empty string' }, 400);
    if (amount !== undefined && !(Number.isSafeInteger(amount) && (amount as number) > 0))
      return c.json({ error: 'amount: a positive integer in minor units, or absent for a full refund' }, 400);
    const outcome = await refund(db, orderId, amount as number | undefined, Date.now());
    return outcome.ok ? c.json(outcome, 200) : c.json({ error: outcome.error }, outcome.status);
  });
  return app;
};
