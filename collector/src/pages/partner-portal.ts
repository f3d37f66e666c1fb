// A partner's own page (`/p/<code>`): their clicks, conversions and commission by day and by
// sub-id, and a link builder over the shop's pages. The builder is a GET form the server answers
// with the link, its share intent and its QR code (reftrace/links), so it works without script;
// /assets/copy.js adds copy-to-clipboard.
import type { PartnerOwn } from './data.js';
import { h, raw, type Html } from './html.js';
import { partnerPage, type View } from './layout.js';
import { currencies, formatCount } from './money.js';
import { breakdownTable, figure, moneyList, periodPicker } from './parts.js';
import type { Period } from './period.js';
import { chart, chartData } from './chart.js';
import { dailyTable } from './overview.js';

/** A page of the shop a partner may link to (collector configuration `shopPages`). */
export interface ShopPage {
  label: string;
  url: string;
}

export const SUB_IDS = ['sub1', 'sub2', 'sub3'] as const;

export interface LinkBuilder {
  pages: ShopPage[];
  platforms: string[];
  /** What the form asked for. */
  target: string;
  platform: string;
  subIds: Partial<Record<(typeof SUB_IDS)[number], string>>;
  /** The result, when the form was submitted and the link is valid. */
  link?: string;
  intent?: string;
  /** The QR code as SVG markup from `qrSvg` (trusted: the library renders it from the checked link). */
  qr?: string;
  error?: string;
}

const PLATFORM_LABEL: Record<string, string> = {
  copy: 'Copy and paste',
  email: 'E-mail',
  x: 'X',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  whatsapp: 'WhatsApp',
  reddit: 'Reddit',
  sms: 'SMS',
  qr: 'QR code (print)',
};

const builder = (ref: string, b: LinkBuilder): Html => h`<section aria-labelledby="links-h" class="builder">
<h2 id="links-h">Your links</h2>
${
  b.pages.length
    ? h`<form method="get" action="/p/${encodeURIComponent(ref)}#links-h" class="link-form">
<label>Page <select name="target">${b.pages.map((p) => h`<option value="${p.url}"${p.url == b.target ? h` selected` : ''}>${p.label}</option>`)}</select></label>
<label>Where you share it <select name="platform">${b.platforms.map((p) => h`<option value="${p}"${p == b.platform ? h` selected` : ''}>${PLATFORM_LABEL[p] ?? p}</option>`)}</select></label>
<p class="hint" id="sub-hint">Sub-ids are optional tags of your own (a video, a newsletter): your figures are broken down by them.</p>
${SUB_IDS.map((s) => h`<label>${s} <input name="${s}" value="${b.subIds[s] ?? ''}" maxlength="100" autocomplete="off" spellcheck="false" aria-describedby="sub-hint"></label>`)}
<button type="submit">Build the link</button>
</form>`
    : h`<p class="none">The program has not listed any shop pages yet.</p>`
}
${b.error ? h`<p class="error" role="alert">${b.error}</p>` : ''}
${
  b.link
    ? h`<div class="result" role="status">
<label for="share-link">Your link</label>
<p class="copyable"><input id="share-link" readonly value="${b.link}"> <button type="button" class="copy" data-copy="share-link">Copy</button></p>
${b.intent && b.intent != b.link ? h`<p><a href="${b.intent}" rel="noopener" target="_blank">Share on ${PLATFORM_LABEL[b.platform] ?? b.platform}</a></p>` : ''}
${b.qr ? h`<figure class="qr">${raw(b.qr)}<figcaption>QR code of this link</figcaption></figure>` : ''}
</div>`
    : ''
}
</section>`;

export interface PartnerPortal {
  period: Period;
  own: PartnerOwn;
  builder: LinkBuilder;
}

export const partnerPortalPage = (view: View, { period, own, builder: b }: PartnerPortal): Html => {
  const { locale } = view;
  const order = currencies(own.commission.approved, own.commission.pending);
  return partnerPage(view, own.ref, {
    title: `Partner ${own.ref}`,
    scripts: ['uPlot.iife.min.js', 'chart.js', 'copy.js'],
    styles: ['uPlot.min.css'],
    body: h`<h1>Your referrals</h1>
${periodPicker(`/p/${encodeURIComponent(own.ref)}`, period)}
<dl class="figures">
${figure('Clicks', 'clicks', formatCount(own.clicks, locale))}
${figure('Conversions', 'conversions', formatCount(own.conversions, locale))}
${figure('Commission approved', 'approved', moneyList(own.commission.approved, locale, order))}
${figure('Commission pending', 'pending', moneyList(own.commission.pending, locale, order))}
</dl>
${builder(own.ref, b)}
<section aria-labelledby="days-h">
<h2 id="days-h">By day</h2>
${chart('partner-chart', 'Your clicks and conversions per UTC day; hover or focus the chart for the values.', chartData(own.days, locale, false))}
${dailyTable(own.days, locale, false)}
</section>
<section aria-labelledby="subs-h">
<h2 id="subs-h">By sub-id</h2>
${breakdownTable('Clicks and conversions by the sub-ids on your links', 'Sub-id', own.subIds, locale)}
</section>`,
  });
};
