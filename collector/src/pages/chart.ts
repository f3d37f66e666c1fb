// The series a time-series chart draws, handed to /assets/chart.js in a data attribute (the
// Content-Security-Policy allows no inline script). Money stays in minor units with its exponent,
// so the hover values are formatted as exactly as the server's.
import type { DayFigures } from './data.js';
import { h, type Html } from './html.js';
import { currencies, minorDigits } from './money.js';

export interface ChartSeries {
  label: string;
  /** `count` on the left axis, `money` on the right. */
  scale: 'count' | 'money';
  currency?: string;
  exponent?: number;
  values: number[];
}

export interface ChartData {
  locale: string;
  /** Start of each UTC day, in seconds (uPlot's time unit). */
  x: number[];
  series: ChartSeries[];
}

/** Clicks, conversions and revenue per currency, by day. */
export const chartData = (days: DayFigures[], locale: string, withRevenue = true): ChartData => ({
  locale,
  x: days.map((d) => Date.parse(d.day + 'T00:00:00Z') / 1000),
  series: [
    { label: 'Clicks', scale: 'count', values: days.map((d) => d.clicks) },
    { label: 'Conversions', scale: 'count', values: days.map((d) => d.conversions) },
    ...(withRevenue ? currencies(...days.map((d) => d.revenue)) : []).map(
      (c): ChartSeries => ({ label: `Revenue (${c})`, scale: 'money', currency: c, exponent: minorDigits(c), values: days.map((d) => d.revenue[c] ?? 0) }),
    ),
  ],
});

/**
 * The chart's container: chart.js draws into it. The figure's caption names what is drawn; the
 * same numbers are in the daily table below it for screen readers and for readers without script.
 */
export const chart = (id: string, caption: string, data: ChartData): Html => h`<figure class="chart">
<figcaption id="${id}-caption">${caption}</figcaption>
<div class="chart-canvas" id="${id}" role="img" aria-labelledby="${id}-caption" data-chart="${JSON.stringify(data)}"></div>
</figure>`;
