// The overview: the period's figures per currency, the daily chart, and the daily table.
import { shareOf } from '../rules/round.js';
import type { DayFigures, Summary } from './data.js';
import { h, type Html } from './html.js';
import { merchantPage, type View } from './layout.js';
import { currencies, formatCount, formatMoney, formatPercent, type Money } from './money.js';
import { figure, moneyList, periodPicker } from './parts.js';
import type { Period } from './period.js';
import { chart, chartData } from './chart.js';

export interface Overview {
  period: Period;
  summary: Summary;
  days: DayFigures[];
}

/** Earnings per click in minor units per currency, rounded half-even as the API's per-partner `epc`. */
export const perClick = (money: Money, clicks: number): Money =>
  Object.fromEntries(Object.entries(money).map(([c, v]) => [c, clicks && v > 0 ? shareOf(v, 1, clicks) : 0]));

export const dailyTable = (days: DayFigures[], locale: string, money = true): Html => {
  const order = currencies(...days.map((d) => d.revenue), ...days.map((d) => d.commission));
  return h`<details class="daily"><summary>The same figures by day, as a table</summary>
<div class="table-wrap" tabindex="0"><table>
<caption>By day (UTC)</caption>
<thead><tr><th scope="col">Day</th><th scope="col" class="num">Clicks</th><th scope="col" class="num">Conversions</th>${money ? h`<th scope="col" class="num">Revenue</th>` : ''}<th scope="col" class="num">Commission</th></tr></thead>
<tbody>${days.map(
    (d) => h`<tr><th scope="row">${d.day}</th><td class="num">${formatCount(d.clicks, locale)}</td><td class="num">${formatCount(d.conversions, locale)}</td>${money ? h`<td class="num">${order.map((c) => (d.revenue[c] ? h`<span>${formatMoney(d.revenue[c], c, locale)}</span> ` : ''))}</td>` : ''}<td class="num">${order.map((c) => (d.commission[c] ? h`<span>${formatMoney(d.commission[c], c, locale)}</span> ` : ''))}</td></tr>`,
  )}</tbody>
</table></div></details>`;
};

export const overviewPage = (view: View, { period, summary, days }: Overview): Html => {
  const { locale } = view;
  const order = currencies(summary.revenue, summary.commission);
  const epc = perClick(summary.commission, summary.clicks);
  return merchantPage(view, {
    title: 'Overview',
    scripts: ['uPlot.iife.min.js', 'chart.js'],
    styles: ['uPlot.min.css'],
    body: h`<h1>Overview</h1>
${periodPicker('/', period)}
<section aria-labelledby="figures-h">
<h2 id="figures-h" class="visually-hidden">Figures</h2>
<dl class="figures">
${figure('Clicks', 'clicks', formatCount(summary.clicks, locale))}
${figure('Conversions', 'conversions', formatCount(summary.conversions, locale))}
${figure('Conversion rate', 'conversionRate', formatPercent(summary.clicks ? summary.conversions / summary.clicks : 0, locale))}
${figure('Revenue', 'revenue', moneyList(summary.revenue, locale, order))}
${figure('Commission owed', 'commission', moneyList(summary.commission, locale, order))}
${figure('EPC (commission per click)', 'epc', moneyList(epc, locale, order))}
</dl>
<p class="note">Also in this period: <a href="/health">duplicate orders absorbed: ${formatCount(summary.duplicates, locale)}; events rejected: ${formatCount(summary.rejected, locale)}</a>; <a href="/conversions?flagged=1">flagged conversions: ${formatCount(summary.flagged, locale)}</a>; <a href="/conversions?status=test">test events, never paid: ${formatCount(summary.test.clicks, locale)} clicks, ${formatCount(summary.test.conversions, locale)} conversions</a>.</p>
</section>
<section aria-labelledby="chart-h">
<h2 id="chart-h">By day</h2>
${chart('overview-chart', 'Clicks and conversions (left axis) and revenue (right axis) per UTC day; hover or focus the chart for the values.', chartData(days, locale))}
${dailyTable(days, locale)}
</section>`,
  });
};
