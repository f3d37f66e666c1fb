// The merchant page every real-browser test loads: the script-tag build, installed the documented way.

export interface PageOptions {
  /** Options for the inline `init` snippet; omitted, the page has no inline script at all. */
  init?: Record<string, unknown>;
  /** `data-*` attributes on the script element. */
  data?: Record<string, string>;
  /** Extra inline script run after the snippet (commands queued before the script loads). */
  inline?: string;
  body?: string;
  head?: string;
}

/** A merchant page that loads the script-tag build the documented way. */
export const merchantPage = ({ init, data = {}, inline = '', body = '', head = '' }: PageOptions = {}): string => {
  const attrs = Object.entries(data)
    .map(([k, v]) => ` data-${k}="${v}"`)
    .join('');
  const snippet =
    init || inline
      ? `<script>window.reftrace=window.reftrace||function(){(reftrace.q=reftrace.q||[]).push(arguments)};${
          init ? `reftrace('init', ${JSON.stringify(init)});` : ''
        }${inline}</script>`
      : '';
  return `<!doctype html><html><head><meta charset="utf-8">${head}${snippet}<script async src="/reftrace.min.js"${attrs}></script></head><body>${body}</body></html>`;
};
