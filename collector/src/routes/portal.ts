// A partner's own page, `/p/<code>`: opened by a partner token the merchant issued (a sign-in
// form that starts a session scoped to this path, or `Authorization: Bearer` for scripts). A
// token opens its own partner's page only: any other code answers 404, exactly as a code that
// does not exist, so a token cannot even tell which partners exist.
import { Hono, type Context } from 'hono';
import { buildShareLink, PLATFORMS, shareIntent, type Platform } from 'reftrace/links';
import { qrSvg } from 'reftrace/qr';
import { tokenById, tokenBySecret, type PartnerToken } from '../auth/partner-tokens.js';
import { endSession, readSession, startSession, type Session, type SessionKeys } from '../auth/session.js';
import { h } from '../pages/html.js';
import { publicPage } from '../pages/layout.js';
import { partnerPortalPage, SUB_IDS, type LinkBuilder, type ShopPage } from '../pages/partner-portal.js';
import { parsePeriod } from '../pages/period.js';
import { signInPage } from '../pages/signin.js';
import { commissionByStatus, daily, subIds } from '../storage/breakdowns.js';
import type { Database } from '../storage/database.js';
import { partners } from '../storage/reports.js';
import { msPeriod } from './dashboard.js';
import { checkedForm, noStore, pageError, pageHeaders, readForm, sameOrigin, viewOf } from './pages.js';

export interface PortalOptions {
  db: Database;
  keys: SessionKeys;
  /** The shop's pages partners may link to. */
  shopPages: ShopPage[];
  /** The referral parameter the shop's script reads (default `ref`). */
  param?: string;
}

const notFound = (c: Context) =>
  c.html(publicPage({ title: 'Not found', body: h`<h1>Not found</h1><p>There is no partner page here for this token.</p>` }), 404);

const cookiePath = (code: string) => `/p/${encodeURIComponent(code)}`;

/** The link the builder form asks for: only the configured pages, the platform presets, sub1–sub3. */
export const buildLink = (code: string, q: (name: string) => string | undefined, pages: ShopPage[], param: string): LinkBuilder => {
  const platforms = Object.keys(PLATFORMS);
  const platform = platforms.includes(q('platform') ?? '') ? (q('platform') as Platform) : 'copy';
  const subs = Object.fromEntries(SUB_IDS.map((s) => [s, (q(s) ?? '').trim()]).filter(([, v]) => v));
  const asked = q('target');
  const page = pages.find((p) => p.url == asked);
  const b: LinkBuilder = { pages, platforms, target: page?.url ?? pages[0]?.url ?? '', platform, subIds: subs };
  if (asked === undefined) return b;
  if (!page) return { ...b, error: 'Pick one of the listed pages.' };
  try {
    const link = buildShareLink(page.url, { ref: code, param, subIds: subs, platform });
    return { ...b, link, intent: platform == 'qr' || platform == 'copy' ? undefined : shareIntent(link, platform), qr: qrSvg(link) };
  } catch (error) {
    // buildShareLink refuses what the SDK would drop on landing (a sub-id with an e-mail in it…).
    return { ...b, error: error instanceof TypeError ? error.message.replace(/^reftrace: /, '') : 'This link cannot be built.' };
  }
};

export const portalRoutes = ({ db, keys, shopPages, param = 'ref' }: PortalOptions) => {
  const app = new Hono();
  app.onError(pageError);

  /** The live token behind this request: a bearer token, else the session cookie's token. */
  const tokenOf = async (c: Context): Promise<{ token: PartnerToken; session: Session } | undefined> => {
    const header = c.req.header('authorization') ?? '';
    if (header.startsWith('Bearer ')) {
      const token = await tokenBySecret(db, header.slice(7).trim());
      // A script has no forms to protect; its token id stands in for a session nonce.
      return token && { token, session: { kind: 'partner', subject: token.id, nonce: token.id, expires: Infinity } };
    }
    const session = await readSession(c, keys, 'partner');
    const token = session && (await tokenById(db, session.subject));
    return token && session && { token, session };
  };

  app.get('/p/:code/signin', pageHeaders, noStore, (c) => c.html(signInPage({ action: `${cookiePath(c.req.param('code'))}/signin`, next: '', who: { partner: c.req.param('code') } })));
  app.post('/p/:code/signin', pageHeaders, noStore, sameOrigin, async (c) => {
    const code = c.req.param('code');
    const form = await readForm(c);
    const token = form && (await tokenBySecret(db, form.get('token') ?? ''));
    if (!token) return c.html(signInPage({ action: `${cookiePath(code)}/signin`, next: '', who: { partner: code }, error: 'That token does not open a partner page (revoked, or mistyped).' }), 401);
    if (token.ref != code) return notFound(c);
    await startSession(c, keys, { kind: 'partner', subject: token.id, path: cookiePath(code) });
    return c.redirect(cookiePath(code), 303);
  });
  app.post('/p/:code/signout', pageHeaders, noStore, sameOrigin, async (c) => {
    const who = await tokenOf(c);
    if (who) {
      const form = await checkedForm(c, keys, who.session);
      if (form instanceof Response) return form;
    }
    endSession(c, 'partner', cookiePath(c.req.param('code')));
    return c.redirect(`${cookiePath(c.req.param('code'))}/signin`, 303);
  });

  app.get('/p/:code', pageHeaders, noStore, async (c) => {
    const code = c.req.param('code');
    const who = await tokenOf(c);
    if (!who) return c.req.header('authorization') ? c.text('Unauthorized', 401, { 'www-authenticate': 'Bearer' }) : c.redirect(`${cookiePath(code)}/signin`, 303);
    if (who.token.ref != code) return notFound(c);
    const period = parsePeriod({ period: c.req.query('period'), from: c.req.query('from'), to: c.req.query('to') });
    const p = msPeriod(period);
    const [all, commission, days, subs] = await Promise.all([partners(db, p, [code]), commissionByStatus(db, p, code, Date.now()), daily(db, p, code), subIds(db, p, code)]);
    const figures = all.find((f) => f.ref == code)!;
    return c.html(
      partnerPortalPage(viewOf(c, keys, who.session), {
        period,
        own: { ref: code, clicks: figures.clicks, conversions: figures.conversions, commission, days, subIds: subs },
        builder: buildLink(code, (name) => c.req.query(name), shopPages, param),
      }),
    );
  });
  return app;
};
