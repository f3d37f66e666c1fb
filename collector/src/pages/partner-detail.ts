// One partner seen by the merchant: figures, sub-ids, channel mix, award reasons, conversions,
// and the tokens that open the partner's own page.
import type { Breakdown, ConversionRow, PartnerFigures } from './data.js';
import { h, query, type Html } from './html.js';
import { csrfField, merchantPage, type View } from './layout.js';
import { formatCount, formatPercent } from './money.js';
import { breakdownTable, figure, moneyList, periodPicker, when } from './parts.js';
import { periodParams, type Period } from './period.js';
import { conversionsTable } from './conversions.js';

export interface PartnerToken {
  id: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface PartnerDetail {
  period: Period;
  ref: string;
  figures: PartnerFigures;
  subIds: Breakdown[];
  channels: Breakdown[];
  reasons: { reason: string; count: number }[];
  conversions: ConversionRow[];
  tokens: PartnerToken[];
  /** A token just issued: shown this once. */
  issued?: string;
}

const tokens = (view: View, d: PartnerDetail): Html => {
  const base = `/partners/${encodeURIComponent(d.ref)}/tokens`;
  return h`<section aria-labelledby="tokens-h">
<h2 id="tokens-h">Partner page access</h2>
<p>The partner signs in at <a href="/p/${encodeURIComponent(d.ref)}">/p/${d.ref}</a> with a token. Tokens can also be issued and revoked through the API (<code>POST /api/partners/${d.ref}/tokens</code>).</p>
${
  d.issued
    ? h`<div class="notice" role="status"><p>New token for ${d.ref}, shown only this once:</p>
<p class="copyable"><input id="issued-token" readonly value="${d.issued}" aria-label="New partner token"> <button type="button" class="copy" data-copy="issued-token">Copy</button></p></div>`
    : ''
}
${
  d.tokens.length
    ? h`<ul class="tokens">${d.tokens.map(
        (t) => h`<li>Token <code>${t.id}</code>, issued ${when(t.createdAt)}${
          t.revokedAt
            ? h`, revoked ${when(t.revokedAt)}`
            : h` <form method="post" action="${base}/${encodeURIComponent(t.id)}/revoke" class="inline">${csrfField(view)}<button type="submit">Revoke</button></form>`
        }</li>`,
      )}</ul>`
    : h`<p class="none">No token issued yet.</p>`
}
<form method="post" action="${base}">${csrfField(view)}<button type="submit">Issue a token</button></form>
</section>`;
};

export const partnerDetailPage = (view: View, d: PartnerDetail): Html => {
  const { locale } = view;
  const f = d.figures;
  const back = `/partners/${encodeURIComponent(d.ref)}` + query(periodParams(d.period));
  return merchantPage(view, {
    title: `Partner ${d.ref}`,
    scripts: ['copy.js'],
    body: h`<p class="crumbs"><a href="${'/partners' + query(periodParams(d.period))}">Partners</a> /</p>
<h1>Partner <span class="code">${d.ref}</span></h1>
${periodPicker(`/partners/${encodeURIComponent(d.ref)}`, d.period)}
<dl class="figures">
${figure('Clicks', 'clicks', formatCount(f.clicks, locale))}
${figure('Conversions', 'conversions', formatCount(f.conversions, locale))}
${figure('Conversion rate', 'conversionRate', formatPercent(f.conversionRate, locale))}
${figure('Revenue', 'revenue', moneyList(f.revenue, locale))}
${figure('Commission', 'commission', moneyList(f.commission, locale))}
${figure('EPC', 'epc', moneyList(f.epc, locale))}
</dl>
<div class="columns">
<section>${breakdownTable('By sub-id', 'Sub-id', d.subIds, locale)}</section>
<section>${breakdownTable('Channel mix', 'Channel', d.channels, locale)}</section>
<section>${
      d.reasons.length
        ? h`<div class="table-wrap" tabindex="0"><table><caption>Why the award went to ${d.ref}</caption>
<thead><tr><th scope="col">Award reason</th><th scope="col" class="num">Conversions</th></tr></thead>
<tbody>${d.reasons.map((r) => h`<tr><th scope="row">${r.reason.replaceAll('_', ' ')}</th><td class="num">${formatCount(r.count, locale)}</td></tr>`)}</tbody></table></div>`
        : h`<h3>Award reasons</h3><p class="none">No award in this period.</p>`
    }</section>
</div>
<section aria-labelledby="conv-h"><h2 id="conv-h">Conversions awarded to ${d.ref}</h2>
${conversionsTable(view, d.conversions, back, 'Newest first')}
</section>
${tokens(view, d)}`,
  });
};
