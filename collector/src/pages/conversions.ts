// The conversions list, newest first: amount, award, model credits, status, flags, and a refund
// form per order (posted to the dashboard, which calls POST /api/refunds).
import type { ConversionRow, ConversionStatus } from './data.js';
import { h, query, type Html } from './html.js';
import { csrfField, merchantPage, type View } from './layout.js';
import { toMajor } from '../money/major.js';
import { formatMoney } from './money.js';
import { when } from './parts.js';

export const STATUSES: ConversionStatus[] = ['pending', 'approved', 'reversed', 'duplicate', 'rejected', 'test'];

/** Credit that rests on something else than the journey the event carried. */
const JOURNEY_NOTE: Record<string, string> = {
  collector: 'server-attributed: from the clicks this collector saw',
  bound: 'server-attributed: the customer’s lead binding',
};

const FLAG_LABEL: Record<string, string> = {
  attribution_mismatch: 'Attribution mismatch: the browser claimed another award than the collector computed',
};

export interface ConversionFilters {
  ref?: string;
  status?: string;
  flagged?: boolean;
}

export interface Conversions {
  filters: ConversionFilters;
  conversions: ConversionRow[];
  /** Partner codes for the filter's list. */
  refs: string[];
  /** After a refund: the order refunded, or why it was refused. */
  notice?: { ok: boolean; text: string };
}

const refundForm = (view: View, c: ConversionRow, back: string): Html | '' =>
  c.orderId && c.currency && (c.status == 'pending' || c.status == 'approved') && c.refunded < c.amount
    ? h`<form method="post" action="/conversions/refund" class="refund">
${csrfField(view)}
<input type="hidden" name="orderId" value="${c.orderId}">
<input type="hidden" name="back" value="${back}">
<label>Amount <span class="visually-hidden">to refund of order ${c.orderId} in ${c.currency}; empty refunds the rest</span>
<input name="amount" inputmode="decimal" size="7" placeholder="${toMajor(c.amount - c.refunded, c.currency)}" pattern="[0-9]+([.,][0-9]+)?"></label>
<button type="submit">Refund</button>
</form>`
    : '';

/** The conversions as a table; `back` is where a refund returns to. */
export const conversionsTable = (view: View, rows: ConversionRow[], back: string, caption: string): Html => {
  const { locale } = view;
  if (!rows.length) return h`<p class="none">No conversion matches.</p>`;
  return h`<div class="table-wrap" tabindex="0"><table id="conversions">
<caption>${caption}</caption>
<thead><tr><th scope="col">Time (UTC)</th><th scope="col">Order</th><th scope="col" class="num">Amount</th><th scope="col">Partner</th><th scope="col">Credits</th><th scope="col">Status</th><th scope="col" class="num">Commission</th><th scope="col">Refund</th></tr></thead>
<tbody>${rows.map((c) => {
    const money = (minor: number, currency = c.currency) => (currency ? formatMoney(minor, currency, locale) : String(minor));
    return h`<tr data-order="${c.orderId ?? ''}" data-status="${c.status}">
<td>${when(new Date(c.at).toISOString())}</td>
<th scope="row">${c.orderId ?? h`<span class="none">${c.type}</span>`}</th>
<td class="num">${money(c.amount)}${c.refunded ? h`<br><small>refunded ${money(c.refunded)}</small>` : ''}</td>
<td>${c.ref ? h`<a href="/partners/${encodeURIComponent(c.ref)}">${c.ref}</a>` : h`<span class="none">none</span>`}${c.award?.reason ? h`<br><small>${c.award.reason.replaceAll('_', ' ')}</small>` : ''}${JOURNEY_NOTE[c.journey] ? h`<br><small class="journey">${JOURNEY_NOTE[c.journey]}</small>` : ''}</td>
<td><small>${c.attribution ? h`${c.attribution.model.replaceAll('_', ' ')}: ${c.attribution.credits.map((k, i) => h`${i ? ', ' : ''}${k.ref ?? 'direct'} ${money(k.amount)}`)}` : ''}</small></td>
<td><span class="status status-${c.status}">${c.status}</span>${c.flags.map((f) => h` <span class="flag" title="${FLAG_LABEL[f] ?? f}">${f.replaceAll('_', ' ')}</span>`)}</td>
<td class="num" data-commission="${c.commission - c.reversed}">${money(c.commission - c.reversed, c.commissionCurrency)}${c.reversed ? h`<br><small>reversed ${money(c.reversed, c.commissionCurrency)}</small>` : ''}</td>
<td>${refundForm(view, c, back)}</td>
</tr>`;
  })}</tbody>
</table></div>`;
};

export const conversionsPage = (view: View, { filters, conversions, refs, notice }: Conversions): Html => {
  const back = '/conversions' + query({ ref: filters.ref, status: filters.status, flagged: filters.flagged ? 1 : undefined });
  return merchantPage(view, {
    title: 'Conversions',
    body: h`<h1>Conversions</h1>
${notice ? h`<p class="${notice.ok ? 'notice' : 'error'}" role="${notice.ok ? 'status' : 'alert'}">${notice.text}</p>` : ''}
<form method="get" action="/conversions" class="filters">
<label>Partner <select name="ref"><option value="">All partners</option>${refs.map((r) => h`<option${r == filters.ref ? h` selected` : ''}>${r}</option>`)}</select></label>
<label>Status <select name="status"><option value="">Any status</option>${STATUSES.map((s) => h`<option${s == filters.status ? h` selected` : ''}>${s}</option>`)}</select></label>
<label class="check"><input type="checkbox" name="flagged" value="1"${filters.flagged ? h` checked` : ''}> Flagged only</label>
<button type="submit">Filter</button>
</form>
${conversionsTable(view, conversions, back, 'Newest first')}`,
  });
};
