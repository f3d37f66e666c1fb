// The merchant dashboard at `/`: sign-in with the admin token, then the overview, partners,
// conversions (with refunds), payouts (with the CSV) and health. Every page reads the same
// storage functions the JSON API answers from, so the figures are the API's.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { toMinor } from 'reftrace';
import { issueToken, isPartnerCode, listTokens, revokeToken } from '../auth/partner-tokens.js';
import { endSession, localPath, readSession, startSession, type Session, type SessionKeys } from '../auth/session.js';
import { conversionsPage } from '../pages/conversions.js';
import type { ConversionRow } from '../pages/data.js';
import { healthPage } from '../pages/health.js';
import { query } from '../pages/html.js';
import { overviewPage } from '../pages/overview.js';
import { partnerDetailPage } from '../pages/partner-detail.js';
import { partnersPage, SORTS, type Sort } from '../pages/partners.js';
import { payoutsPage } from '../pages/payouts.js';
import { parsePeriod, type Period as PagePeriod } from '../pages/period.js';
import { signInPage } from '../pages/signin.js';
import type { Rules } from '../rules/rules.js';
import { awardReasons, channels, daily, health, orderCurrency, subIds } from '../storage/breakdowns.js';
import type { Database } from '../storage/database.js';
import { refund } from '../storage/refunds.js';
import { conversions, partners, payouts, summary } from '../storage/reports.js';
import { STATUSES, type Status } from '../storage/status.js';
import { tokenMatches } from './admin.js';
import { checkedForm, noStore, pageError, pageHeaders, readForm, sameOrigin, viewOf } from './pages.js';
import type { Period } from './period.js';

type Env = { Variables: { session: Session } };

export interface DashboardOptions {
  db: Database;
  rules: Rules;
  adminToken: string;
  keys: SessionKeys;
  /** The app the API is mounted on: the CSV download is the API's own answer. */
  api: { request(path: string, init: RequestInit): Response | Promise<Response> };
}

/** A page period as the storage functions take it: epoch ms, end exclusive. */
export const msPeriod = (p: PagePeriod): Period => ({ from: Date.parse(p.start), to: Date.parse(p.end) });

const pagePeriod = (c: Context) => parsePeriod({ period: c.req.query('period'), from: c.req.query('from'), to: c.req.query('to') });

export const dashboardRoutes = ({ db, rules, adminToken, keys, api }: DashboardOptions) => {
  const app = new Hono<Env>();
  app.onError(pageError);

  /** A signed-in merchant, or: a page asks to sign in (303), anything else is 401. */
  const admin: MiddlewareHandler<Env> = async (c, next) => {
    const session = await readSession(c, keys, 'admin');
    if (session) {
      c.set('session', session);
      return next();
    }
    if (c.req.method == 'GET') return c.redirect('/signin' + query({ next: c.req.path + new URL(c.req.url).search }), 303);
    return c.text('Unauthorized: sign in at /signin', 401);
  };
  const guard = [pageHeaders, noStore, admin] as const;
  const view = (c: Context<Env>) => viewOf(c, keys, c.get('session'));

  app.get('/signin', pageHeaders, noStore, (c) => c.html(signInPage({ action: '/signin', next: localPath(c.req.query('next'), '/'), who: 'merchant' })));
  app.post('/signin', pageHeaders, noStore, sameOrigin, async (c) => {
    const form = await readForm(c);
    const next = localPath(form?.get('next'), '/');
    if (!form || !tokenMatches(form.get('token') ?? '', adminToken))
      return c.html(signInPage({ action: '/signin', next, who: 'merchant', error: 'That is not the admin token.' }), 401);
    await startSession(c, keys, { kind: 'admin', subject: '-', path: '/' });
    return c.redirect(next, 303);
  });
  app.post('/signout', ...guard, sameOrigin, async (c) => {
    const form = await checkedForm(c, keys, c.get('session'));
    if (form instanceof Response) return form;
    endSession(c, 'admin', '/');
    return c.redirect('/signin', 303);
  });

  app.get('/', ...guard, async (c) => {
    const period = pagePeriod(c);
    const [figures, days] = await Promise.all([summary(db, msPeriod(period)), daily(db, msPeriod(period))]);
    return c.html(overviewPage(view(c), { period, summary: figures, days }));
  });

  app.get('/partners', ...guard, async (c) => {
    const period = pagePeriod(c);
    const sort = (SORTS as readonly string[]).includes(c.req.query('sort') ?? '') ? (c.req.query('sort') as Sort) : 'commission';
    const dir = c.req.query('dir') == 'asc' ? 'asc' : c.req.query('dir') == 'desc' ? 'desc' : sort == 'ref' ? 'asc' : 'desc';
    return c.html(partnersPage(view(c), { period, partners: await partners(db, msPeriod(period), Object.keys(rules.partners)), sort, dir }));
  });

  const partnerDetail = async (c: Context<Env>, issued?: string) => {
    const ref = c.req.param('ref') ?? '';
    if (!isPartnerCode(ref)) return c.text('Not a partner code', 404);
    const period = pagePeriod(c);
    const p = msPeriod(period);
    const [all, subs, mix, reasons, list, tokens] = await Promise.all([
      partners(db, p, [ref]),
      subIds(db, p, ref),
      channels(db, p, ref),
      awardReasons(db, p, ref),
      conversions(db, { ...p, ref, limit: 200, now: Date.now() }),
      listTokens(db, ref),
    ]);
    const figures = all.find((f) => f.ref == ref)!;
    return c.html(
      partnerDetailPage(view(c), {
        period,
        ref,
        figures,
        subIds: subs,
        channels: mix,
        reasons,
        conversions: list as ConversionRow[],
        tokens: tokens.map((t) => ({ id: t.id, createdAt: new Date(t.createdAt).toISOString(), revokedAt: t.revokedAt == null ? null : new Date(t.revokedAt).toISOString() })),
        ...(issued ? { issued } : {}),
      }),
      issued ? 201 : 200,
    );
  };
  app.get('/partners/:ref', ...guard, (c) => partnerDetail(c));
  app.post('/partners/:ref/tokens', ...guard, sameOrigin, async (c) => {
    const form = await checkedForm(c, keys, c.get('session'));
    if (form instanceof Response) return form;
    const ref = c.req.param('ref');
    if (!isPartnerCode(ref)) return c.text('Not a partner code', 404);
    // The new token is shown on this response only, never in a URL.
    return partnerDetail(c, (await issueToken(db, ref)).token);
  });
  app.post('/partners/:ref/tokens/:id/revoke', ...guard, sameOrigin, async (c) => {
    const form = await checkedForm(c, keys, c.get('session'));
    if (form instanceof Response) return form;
    const ref = c.req.param('ref');
    if (!(await revokeToken(db, ref, c.req.param('id')))) return c.text('No such token', 404);
    return c.redirect(`/partners/${encodeURIComponent(ref)}#tokens-h`, 303);
  });

  const conversionsList = async (c: Context<Env>, filters: { ref?: string; status?: string; flagged?: boolean }, notice?: { ok: boolean; text: string }, status = 200) => {
    const now = Date.now();
    const statusOk = STATUSES.includes(filters.status as Status);
    const [rows, all] = await Promise.all([
      conversions(db, { from: 0, to: Number.MAX_SAFE_INTEGER, ref: filters.ref || undefined, status: statusOk ? (filters.status as Status) : undefined, limit: 500, now }),
      partners(db, { from: 0, to: Number.MAX_SAFE_INTEGER }, Object.keys(rules.partners)),
    ]);
    const list = (rows as ConversionRow[]).filter((r) => !filters.flagged || r.flags.length);
    return c.html(conversionsPage(view(c), { filters, conversions: list, refs: all.map((p) => p.ref), ...(notice ? { notice } : {}) }), status as 200);
  };
  app.get('/conversions', ...guard, (c) => {
    const refunded = c.req.query('refunded');
    const filters = { ref: c.req.query('ref') || undefined, status: c.req.query('status') || undefined, flagged: c.req.query('flagged') == '1' };
    return conversionsList(c, filters, refunded ? { ok: true, text: `Refund recorded for order ${refunded}.` } : undefined);
  });
  app.post('/conversions/refund', ...guard, sameOrigin, async (c) => {
    const form = await checkedForm(c, keys, c.get('session'));
    if (form instanceof Response) return form;
    const orderId = form.get('orderId') ?? '';
    const back = localPath(form.get('back'), '/conversions');
    const typed = (form.get('amount') ?? '').trim().replace(',', '.');
    const fail = (text: string, status: number) => conversionsList(c, {}, { ok: false, text }, status);
    if (!orderId) return fail('Which order? The form had no order id.', 400);
    let amount: number | undefined;
    if (typed) {
      const currency = await orderCurrency(db, orderId);
      if (!currency) return fail(`No conversion has order id "${orderId}".`, 404);
      try {
        amount = toMinor(typed, currency);
      } catch {
        return fail(`"${typed}" is not an amount.`, 400);
      }
      if (!(amount > 0)) return fail('A refund is a positive amount.', 400);
    }
    const outcome = await refund(db, orderId, amount, Date.now());
    if (!outcome.ok) return fail(outcome.error, outcome.status);
    return c.redirect(back.includes('?') ? `${back}&refunded=${encodeURIComponent(orderId)}` : `${back}?refunded=${encodeURIComponent(orderId)}`, 303);
  });

  app.get('/payouts', ...guard, async (c) => {
    const period = pagePeriod(c);
    return c.html(payoutsPage(view(c), { period, payouts: await payouts(db, msPeriod(period), Date.now()) }));
  });
  // The CSV is the API's own answer (GET /api/payouts?format=csv), so both downloads are one file.
  app.get('/payouts.csv', ...guard, async (c) => {
    const period = pagePeriod(c);
    const res = await api.request(`/api/payouts?format=csv&from=${period.from}&to=${period.to}`, { headers: { authorization: `Bearer ${adminToken}` } });
    return new Response(res.body, {
      status: res.status,
      headers: {
        'content-type': res.headers.get('content-type') ?? 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="payouts-${period.from}-${period.to}.csv"`,
        'cache-control': 'no-store',
      },
    });
  });

  app.get('/health', ...guard, async (c) => c.html(healthPage(view(c), await health(db))));
  return app;
};
