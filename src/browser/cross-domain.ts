import { decodeJourney, encodeJourney } from '../store/codec';
import type { Layer } from '../store/journey-store';

export interface DecorateOptions {
  /** Hosts that get the journey: `checkout.com` (that host), `*.checkout.com` (it and its subdomains). */
  domains: string[];
  /** How long after the click a token is accepted, in minutes. Default 10. */
  maxAgeMinutes?: number;
}

/** Query parameter carrying `<time base 36>.<encoded journey>` to another domain. */
export const TOKEN = '_rt';

/** Reads a token; `undefined` when malformed, from the future or older than `maxAge` ms. */
export const readToken = (token: string, now: number, maxAge: number) => {
  const dot = token.indexOf('.');
  const age = now - parseInt(token.slice(0, dot), 36);
  // The click and the arrival read the same clock: a minute of slack covers a clock adjustment.
  return dot > 0 && age >= -60e3 && age <= maxAge ? decodeJourney(token.slice(dot + 1)) : undefined;
};

/**
 * Carries the journey to the merchant's other domains, where cookies cannot follow: links and
 * forms leading to `domains` get a short-lived `_rt` token at the moment they are used (so a
 * copied or crawled URL does not carry it for long), and the landing page reads it back. Plug it
 * in as a storage layer; the tracker only saves with consent, so only then are links decorated.
 */
export const decorate = ({ domains, maxAgeMinutes = 10 }: DecorateOptions): Layer => {
  let value: string | undefined;
  let listening = false;
  const ours = (host: string) =>
    host != location.hostname && domains.some((d) => (d[0] == '*' ? host == d.slice(2) || host.endsWith(d.slice(1)) : host == d));

  const onUse = (event: Event) => {
    const el = (event.target as Element | null)?.closest?.('a[href],area[href],form') as HTMLAnchorElement | HTMLFormElement | null;
    if (!value || !el) return;
    const form = el instanceof HTMLFormElement;
    const url = new URL(form ? el.action : el.href, location.href);
    if (!/^https?:$/.test(url.protocol) || !ours(url.hostname)) return;
    const token = Date.now().toString(36) + '.' + value;
    // A GET form replaces the action's query with its fields: the token must be a field.
    if (form && el.method == 'get') {
      const input = (el.elements.namedItem(TOKEN) as HTMLInputElement | null) || el.appendChild(Object.assign(document.createElement('input'), { type: 'hidden', name: TOKEN }));
      input.value = token;
    } else {
      url.searchParams.set(TOKEN, token);
      form ? (el.action = url.href) : (el.href = url.href);
    }
    // Without a referrer the other domain sees a continued visit, not a referral from our own site.
    form ? (el.rel += ' noreferrer') : (el.referrerPolicy = 'no-referrer');
  };

  return {
    get() {
      const url = new URL(location.href);
      const token = url.searchParams.get(TOKEN);
      if (token == null) return;
      // Out of the address bar, so it is neither bookmarked, shared nor read again.
      url.searchParams.delete(TOKEN);
      history.replaceState(history.state, '', url.href);
      return readToken(token, Date.now(), maxAgeMinutes * 60e3);
    },
    set(journey) {
      value = encodeJourney(journey, 1500);
      if (!listening) for (const type of ['click', 'auxclick', 'submit']) addEventListener(type, onUse, true);
      listening = true;
    },
    del() {
      value = undefined;
    },
  };
};
