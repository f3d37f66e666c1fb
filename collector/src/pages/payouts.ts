// Payouts for a period: per partner and currency, approved minus reversed, and the CSV.
import type { PayoutRow } from './data.js';
import { h, query, type Html } from './html.js';
import { merchantPage, type View } from './layout.js';
import { formatCount, formatMoney } from './money.js';
import { periodPicker } from './parts.js';
import { periodParams, type Period } from './period.js';

export interface Payouts {
  period: Period;
  payouts: PayoutRow[];
}

export const payoutsPage = (view: View, { period, payouts }: Payouts): Html => {
  const { locale } = view;
  const totals = new Map<string, number>();
  for (const p of payouts) totals.set(p.currency, (totals.get(p.currency) ?? 0) + p.payout);
  return merchantPage(view, {
    title: 'Payouts',
    body: h`<h1>Payouts</h1>
${periodPicker('/payouts', period)}
<p><a class="button" href="${'/payouts.csv' + query(periodParams(period))}" download>Download CSV</a></p>
${
  payouts.length
    ? h`<div class="table-wrap" tabindex="0"><table id="payouts">
<caption>Approved commission minus reversals, per partner and currency</caption>
<thead><tr><th scope="col">Partner</th><th scope="col">Currency</th><th scope="col" class="num">Conversions</th><th scope="col" class="num">Approved</th><th scope="col" class="num">Reversed</th><th scope="col" class="num">Payout</th></tr></thead>
<tbody>${payouts.map(
        (p) => h`<tr data-ref="${p.ref}" data-currency="${p.currency}"><th scope="row"><a href="/partners/${encodeURIComponent(p.ref)}">${p.ref}</a></th><td>${p.currency}</td><td class="num">${formatCount(p.conversions, locale)}</td><td class="num">${formatMoney(p.approved, p.currency, locale)}</td><td class="num">${formatMoney(p.reversed, p.currency, locale)}</td><td class="num" data-minor="${p.payout}">${formatMoney(p.payout, p.currency, locale)}</td></tr>`,
      )}</tbody>
<tfoot>${[...totals].map(([c, v]) => h`<tr><th scope="row" colspan="5">Total ${c}</th><td class="num">${formatMoney(v, c, locale)}</td></tr>`)}</tfoot>
</table></div>`
    : h`<p class="none">Nothing to pay for this period.</p>`
}`,
  });
};
