import { decodeJourney, encodeJourney } from '../store/codec';
import type { Layer } from '../store/journey-store';
import type { Journey } from '../types';

export interface DecorateOptions {
  /**
   * Hosts that get the journey: `checkout.com` (that host), `*.checkout.com` (it and its
   * subdomains). Matched on whole labels: any other use of `*` matches nothing.
   */
  domains: string[];
  /** How long after the click a token is accepted, in minutes. Default 10. */
  maxAgeMinutes?: number;
  /** Signs a token's `<time>.<journey>` when a link is used; the signature travels as a third part. */
  sign?: (payload: string) => string;
  /** Accepts a token's payload and signature (`undefined` when unsigned); a token it refuses is ignored. */
  verify?: TokenCheck;
}

export type TokenCheck = (payload: string, signature: string | undefined) => boolean;

/** Query parameter carrying `<time base 36>.<encoded journey>[.<signature>]` to another domain. */
export const TOKEN = '_rt';

// The click and the arrival read the same clock: a minute of slack covers a clock adjustment.
const SLACK = 60e3;

/**
 * Reads a token; `undefined` when malformed, from the future, older than `maxAge` ms, refused by
 * `verify`, or carrying a touch dated after the click that made it. Anyone can craft one, so it
 * gives touchpoints only, never a user id.
 */
export const readToken = (token: string, now: number, maxAge: number, verify?: TokenCheck): Journey | undefined => {
  const [, payload, time36, value, signature] = /^(([\da-z]+)\.([^.]+\.[^.]+))(?:\.(.+))?$/.exec(token) || [];
  const time = parseInt(time36, 36);
  const age = now - time;
  const journey = age >= -SLACK && age <= maxAge && (!verify || verify(payload, signature)) ? decodeJourney(value) : undefined;
  if (journey?.touchpoints.every((t) => t.ts <= time + SLACK)) return { anonymousId: journey.anonymousId, touchpoints: journey.touchpoints };
};

/**
 * Carries the journey to the merchant's other domains, where cookies cannot follow: links and
 * forms leading to `domains` get a short-lived `_rt` token at the moment they are used (so a
 * copied or crawled URL does not carry it for long), and the landing page reads it back. Plug it
 * in as a storage layer; the tracker only saves with consent, so only then are links decorated.
 */
export const decorate = ({ domains, maxAgeMinutes = 10, sign, verify }: DecorateOptions): Layer => {
  let value: string | undefined;
  let listening = false;
  // A lone string (`domains: 'a.com'`) or a stray non-string must not stop the tracker's `init`.
  const patterns = [domains].flat().map((d) => String(d).trim().toLowerCase());
  // `*.shop.eu` is `shop.eu` and its subdomains, on a label boundary; a bare `*`, `*shop.eu` or a
  // suffix without a dot (`*.eu`) would send the journey to sites that are not the merchant's.
  const ours = (host: string) =>
    host != location.hostname &&
    patterns.some((d) => (d.startsWith('*.') ? (d = d.slice(2)).includes('.') && (host == d || host.endsWith('.' + d)) : d && host == d));

  // Never throws into the page: a malformed `href`, an SVG link or a clobbered form is left alone.
  const onUse = (event: Event) => {
    try {
      decorateUse(event);
    } catch {}
  };
  const decorateUse = (event: Event) => {
    const el = (event.target as Element | null)?.closest?.('a[href],area[href],form') as HTMLAnchorElement | HTMLFormElement | null;
    if (!value || !el) return;
    const form = el instanceof HTMLFormElement;
    const url = new URL(form ? el.action : el.href, location.href);
    if (!/^https?:$/.test(url.protocol) || !ours(url.hostname)) return;
    const payload = Date.now().toString(36) + '.' + value;
    const token = sign ? payload + '.' + sign(payload) : payload;
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
      return readToken(token, Date.now(), maxAgeMinutes * 60e3, verify);
    },
    set(journey) {
      // No user id: the URL ends up in the other domain's logs and history.
      value = encodeJourney({ anonymousId: journey.anonymousId, touchpoints: journey.touchpoints }, 1500);
      if (!listening) for (const type of ['click', 'auxclick', 'submit']) addEventListener(type, onUse, true);
      listening = true;
    },
    del() {
      value = undefined;
    },
  };
};
