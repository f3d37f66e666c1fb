// Pieces several pages share: the period picker, money cells, figure cards, breakdown tables.
import type { Breakdown } from './data.js';
import { h, query, type Html } from './html.js';
import { currencies, formatCount, formatMoney, type Money } from './money.js';
import { PRESETS, type Period } from './period.js';

const PRESET_LABEL: Record<string, string> = { '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days' };

/**
 * The period picker: a link per preset, and a GET form for a custom range (the date inputs are
 * plain forms; no script needed). `keep` are other query parameters the page keeps (filters).
 */
export const periodPicker = (path: string, period: Period, keep: Record<string, string | undefined> = {}): Html => h`<div class="period">
<nav aria-label="Period"><ul class="presets">${PRESETS.map(
  (p) => h`<li><a href="${path + query({ ...keep, period: p })}"${period.key == p ? h` aria-current="true"` : ''}>${PRESET_LABEL[p]}</a></li>`,
)}</ul></nav>
<form method="get" action="${path}" class="custom">
${Object.entries(keep).map(([k, v]) => (v ? h`<input type="hidden" name="${k}" value="${v}">` : ''))}
<input type="hidden" name="period" value="custom">
<label>From <input type="date" name="from" value="${period.from}" required></label>
<label>To <input type="date" name="to" value="${period.to}" required></label>
<button type="submit">Show</button>
</form>
${period.error ? h`<p class="error" role="alert">${period.error}</p>` : ''}
<p class="range">${period.from} to ${period.to} (UTC)</p>
</div>`;

/** Amounts per currency, one per line; a dash when there is none. */
export const moneyList = (money: Money | undefined, locale: string, order = currencies(money)): Html =>
  order.length
    ? h`${order.map((c, i) => h`${i ? h`<br>` : ''}<span class="money" data-currency="${c}" data-minor="${money?.[c] ?? 0}">${formatMoney(money?.[c] ?? 0, c, locale)}</span>`)}`
    : h`<span class="none">–</span>`;

/** The numeric key a table column sorts by: the first currency's minor units for money. */
export const sortKey = (money: Money | undefined, currency: string | undefined): number => (currency ? (money?.[currency] ?? 0) : 0);

/** A figure card: a label and one value per line. `name` is the figure's machine name (tests read it). */
export const figure = (label: string, name: string, value: Html | string): Html =>
  h`<div class="figure"><dt>${label}</dt><dd data-figure="${name}">${value}</dd></div>`;

/** A breakdown (sub-ids, channels) as a table. */
export const breakdownTable = (caption: string, head: string, rows: Breakdown[], locale: string): Html => {
  if (!rows.length) return h`<h3>${caption}</h3><p class="none">Nothing in this period.</p>`;
  const order = currencies(...rows.map((r) => r.revenue), ...rows.map((r) => r.commission));
  return h`<div class="table-wrap" tabindex="0"><table>
<caption>${caption}</caption>
<thead><tr><th scope="col">${head}</th><th scope="col" class="num">Clicks</th><th scope="col" class="num">Conversions</th><th scope="col" class="num">Revenue</th><th scope="col" class="num">Commission</th></tr></thead>
<tbody>${rows.map(
    (r) => h`<tr><th scope="row">${r.key}</th><td class="num">${formatCount(r.clicks, locale)}</td><td class="num">${formatCount(r.conversions, locale)}</td><td class="num">${moneyList(r.revenue, locale, order.filter((c) => c in r.revenue))}</td><td class="num">${moneyList(r.commission, locale, order.filter((c) => c in r.commission))}</td></tr>`,
  )}</tbody>
</table></div>`;
};

/** A short date and time in UTC for tables. */
export const when = (iso: string | null): Html =>
  iso ? h`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')}</time>` : h`<span class="none">never</span>`;
