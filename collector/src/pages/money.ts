// Money on the pages: integer minor units (as stored and as the API answers) shown in major units
// with the currency's own formatting. The minor units become a decimal string by digit shifting
// (the collector's `toMajor`) and Intl.NumberFormat formats that string exactly (ECMA-402
// NumberFormat v3 reads strings as decimals), so no amount passes through a binary fraction:
// 2^53-1 cents print to the cent.
import { toMajor } from '../money/major.js';

/** Amounts per ISO 4217 currency code, in minor units: the API's `{ "USD": 1290 }`. */
export type Money = Record<string, number>;

/** The number of minor digits of `currency` (USD 2, JPY 0, KWD 3), as the collector counts. */
export const minorDigits = (currency: string): number => toMajor(1, currency).split('.')[1]?.length ?? 0;

const formats = new Map<string, Intl.NumberFormat>();

const formatter = (locale: string, currency: string): Intl.NumberFormat => {
  const key = `${locale} ${currency}`;
  let f = formats.get(key);
  const digits = minorDigits(currency);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f;
};

/**
 * `minor` units formatted for `locale`: (129900, 'EUR', 'de-DE') → "1.299,00 €". The digits shown
 * are ISO 4217's exponent (the unit the amounts are counted in), not CLDR's display digits, so an
 * amount never looks rounded. A code Intl does not know is shown as the decimal and the code.
 */
export const formatMoney = (minor: number, currency: string, locale = 'en-US'): string => {
  const major = toMajor(minor, currency);
  try {
    return formatter(locale, currency).format(major as Intl.StringNumericLiteral);
  } catch {
    return `${major} ${currency}`;
  }
};

/** The currencies of several money maps, the one with the largest total first (the chart's and sort's default). */
export const currencies = (...maps: (Money | undefined)[]): string[] => {
  const totals = new Map<string, number>();
  for (const m of maps) for (const [c, v] of Object.entries(m ?? {})) totals.set(c, (totals.get(c) ?? 0) + Math.abs(v));
  return [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
};

const percent = new Map<string, Intl.NumberFormat>();

/** A ratio (0.2) as a percentage for `locale` ("20.0%"). */
export const formatPercent = (ratio: number, locale = 'en-US'): string => {
  let f = percent.get(locale);
  if (!f) percent.set(locale, (f = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })));
  return f.format(Number.isFinite(ratio) ? ratio : 0);
};

const counts = new Map<string, Intl.NumberFormat>();

/** A count with the locale's grouping ("12,345"). */
export const formatCount = (n: number, locale = 'en-US'): string => {
  let f = counts.get(locale);
  if (!f) counts.set(locale, (f = new Intl.NumberFormat(locale)));
  return f.format(n);
};
