// Every partner with the period's figures, sortable: the headers are links that sort on the
// server, and /assets/sort.js sorts in place when script runs.
import type { PartnerFigures } from './data.js';
import { h, query, type Html } from './html.js';
import { merchantPage, type View } from './layout.js';
import { currencies, formatCount, formatPercent } from './money.js';
import { moneyList, periodPicker, sortKey } from './parts.js';
import { periodParams, type Period } from './period.js';

export const SORTS = ['ref', 'clicks', 'conversions', 'conversionRate', 'revenue', 'commission', 'epc'] as const;
export type Sort = (typeof SORTS)[number];

const LABEL: Record<Sort, string> = {
  ref: 'Partner',
  clicks: 'Clicks',
  conversions: 'Conversions',
  conversionRate: 'Conversion rate',
  revenue: 'Revenue',
  commission: 'Commission',
  epc: 'EPC',
};

/** The value a row sorts by in `column`; money by the leading currency. */
const value = (p: PartnerFigures, column: Sort, currency: string | undefined): number | string =>
  column == 'ref' ? p.ref : column == 'revenue' || column == 'commission' || column == 'epc' ? sortKey(p[column], currency) : p[column];

/** Rows in the order a column asks for; ties keep the partner code order. */
export const sortPartners = (rows: PartnerFigures[], column: Sort, dir: 'asc' | 'desc'): PartnerFigures[] => {
  const currency = currencies(...rows.map((r) => r.revenue))[0];
  const sign = dir == 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a, column, currency), y = value(b, column, currency);
    return (x < y ? -sign : x > y ? sign : 0) || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
  });
};

export interface Partners {
  period: Period;
  partners: PartnerFigures[];
  sort: Sort;
  dir: 'asc' | 'desc';
}

export const partnersPage = (view: View, { period, partners, sort, dir }: Partners): Html => {
  const { locale } = view;
  const currency = currencies(...partners.map((r) => r.revenue), ...partners.map((r) => r.commission))[0];
  const rows = sortPartners(partners, sort, dir);
  const header = (column: Sort) => {
    const next = column == sort && dir == 'desc' ? 'asc' : column == sort ? 'desc' : column == 'ref' ? 'asc' : 'desc';
    const ariaSort = column == sort ? (dir == 'asc' ? 'ascending' : 'descending') : null;
    return h`<th scope="col"${column == 'ref' ? '' : h` class="num"`}${ariaSort ? h` aria-sort="${ariaSort}"` : ''} data-column="${column}"><a href="${'/partners' + query({ ...periodParams(period), sort: column, dir: next })}">${LABEL[column]}</a></th>`;
  };
  return merchantPage(view, {
    title: 'Partners',
    scripts: ['sort.js'],
    body: h`<h1>Partners</h1>
${periodPicker('/partners', period)}
${
  rows.length
    ? h`<div class="table-wrap" tabindex="0"><table class="sortable" id="partners">
<caption>Partners in this period${currency ? h`; money columns sort by ${currency}` : ''}. Select a column heading to sort.</caption>
<thead><tr>${SORTS.map(header)}</tr></thead>
<tbody>${rows.map(
        (p) => h`<tr data-ref="${p.ref}">
<th scope="row" data-sort="${p.ref}"><a href="${`/partners/${encodeURIComponent(p.ref)}` + query(periodParams(period))}">${p.ref}</a></th>
<td class="num" data-sort="${p.clicks}">${formatCount(p.clicks, locale)}</td>
<td class="num" data-sort="${p.conversions}">${formatCount(p.conversions, locale)}</td>
<td class="num" data-sort="${p.conversionRate}">${formatPercent(p.conversionRate, locale)}</td>
<td class="num" data-sort="${sortKey(p.revenue, currency)}">${moneyList(p.revenue, locale)}</td>
<td class="num" data-sort="${sortKey(p.commission, currency)}">${moneyList(p.commission, locale)}</td>
<td class="num" data-sort="${sortKey(p.epc, currency)}">${moneyList(p.epc, locale)}</td>
</tr>`,
      )}</tbody>
</table></div>`
    : h`<p class="none">No partner brought a click or a conversion in this period.</p>`
}`,
  });
};
