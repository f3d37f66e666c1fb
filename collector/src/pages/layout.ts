// The document around every page: one stylesheet and deferred scripts from /assets (the
// Content-Security-Policy allows nothing inline), a skip link, and the navigation.
import { h, type Html } from './html.js';

/** What every page needs besides its data. */
export interface View {
  /** The reader's locale for numbers, money and dates. */
  locale: string;
  /** The CSRF token every form of this session carries. */
  csrf: string;
  /** The current path, to mark the navigation. */
  path: string;
}

export const ASSETS = '/assets/';

const MERCHANT_NAV: [string, string][] = [
  ['/', 'Overview'],
  ['/partners', 'Partners'],
  ['/conversions', 'Conversions'],
  ['/payouts', 'Payouts'],
  ['/health', 'Health'],
];

/** A hidden field with the session's CSRF token. */
export const csrfField = (view: View): Html => h`<input type="hidden" name="csrf" value="${view.csrf}">`;

const current = (view: View, href: string) =>
  (href == '/' ? view.path == '/' : view.path == href || view.path.startsWith(href + '/')) ? h` aria-current="page"` : '';

interface Document {
  title: string;
  body: Html;
  /** Files under /assets, loaded with `defer` in this order. */
  scripts?: string[];
  styles?: string[];
}

const document = ({ title, body, scripts = [], styles = [] }: Document, header: Html): Html => h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title} · reftrace</title>
${styles.map((s) => h`<link rel="stylesheet" href="${ASSETS + s}">`)}
<link rel="stylesheet" href="${ASSETS}dashboard.css">
${scripts.map((s) => h`<script src="${ASSETS + s}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
${header}
<main id="main">
${body}
</main>
</body>
</html>`;

/** A page of the merchant dashboard. */
export const merchantPage = (view: View, doc: Document): Html =>
  document(
    doc,
    h`<header class="bar">
<a class="brand" href="/">reftrace</a>
<nav aria-label="Dashboard">
<ul>${MERCHANT_NAV.map(([href, label]) => h`<li><a href="${href}"${current(view, href)}>${label}</a></li>`)}</ul>
</nav>
<form method="post" action="/signout" class="signout">${csrfField(view)}<button type="submit">Sign out</button></form>
</header>`,
  );

/** A page of a partner's own portal. */
export const partnerPage = (view: View, ref: string, doc: Document): Html =>
  document(
    doc,
    h`<header class="bar">
<span class="brand">reftrace · partner <strong>${ref}</strong></span>
<form method="post" action="/p/${encodeURIComponent(ref)}/signout" class="signout">${csrfField(view)}<button type="submit">Sign out</button></form>
</header>`,
  );

/** A page with no session: sign-in. */
export const publicPage = (doc: Document): Html => document(doc, h`<header class="bar"><span class="brand">reftrace</span></header>`);
