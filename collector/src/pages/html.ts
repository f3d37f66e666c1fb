// Pages are pure functions of data to HTML. Hono's `html` template escapes every interpolated
// value (nested templates and `raw` pass through), so no page concatenates markup by hand.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString;
export { raw };

/** Hono's escaping template, typed synchronous: a page never interpolates a promise. */
export const h = (strings: TemplateStringsArray, ...values: unknown[]): Html => html(strings, ...values) as Html;

/** A query string from the parameters that have a value, for links that keep the page's filters. */
export const query = (params: Record<string, string | number | undefined | null>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? '?' + s : '';
};
