import { nanoid } from 'nanoid';
import { readLanding } from '../capture/landing';
import { REF_PARAMS } from '../capture/referral-code';
import type { SubIdKey } from '../capture/sub-ids';
import type { ClickEvent } from '../events/event';
import { MAX_TOUCHPOINTS } from '../store/journey';
import { journeyCookies, readJourney, type JourneyCookieOptions } from './journey-cookie';
import { deliver, report, serverEvent } from './server-event';

export interface ClickOptions extends JourneyCookieOptions {
  /**
   * The hosts a link may send the visitor to (`shop.com`, `*.shop.com` for every subdomain).
   * Relative targets (`to=/shoes`) are the request's own host; anything else goes to its home page.
   */
  hosts: string[];
  /** Receives the `click` event (when the link carries a referral code); awaited before the redirect. */
  onEvent?: (event: ClickEvent) => unknown;
  /** Receives what was ignored (an invalid code or sub-id) and what `onEvent` threw. */
  onError?: (error: Error, request: Request) => unknown;
  /** As the tracker's: parameters that carry a referral code, and sub-id aliases. */
  params?: string[];
  subParams?: Record<string, SubIdKey>;
}

/** Where `to` may send the visitor: a relative path, or an http(s) URL on an allowed host; else the home page. */
export const redirectTarget = (to: string | null, request: Request, hosts: string[]): URL => {
  const home = new URL('/', request.url);
  let target: URL;
  try {
    // Resolved against the home page, so `//evil.example`, `/\evil.example` and `https://shop@evil.example`
    // all end up as what the browser would follow, and are judged by their real host.
    target = new URL(to || '/', home);
  } catch {
    return home;
  }
  const allowed = (host: string) => (host.startsWith('*.') ? target.hostname.endsWith(host.slice(1)) : target.host == host || target.hostname == host);
  return /^https?:$/.test(target.protocol) && (target.origin == home.origin || hosts.some((h) => allowed(h.toLowerCase()))) ? target : home;
};

/**
 * The click redirect: `GET /r?ref=alice&sub1=yt&to=/shoes` records the click, sets the journey
 * cookies from the server (not capped at 7 days by Safari, and working with JavaScript off), and
 * answers `302` to `to`, limited to `hosts`: an open redirect is a phishing tool, so any other
 * target gets the home page. What a QR code, an e-mail or a partner's link should point at.
 * Requests that are not a navigation (an `<img>` planted elsewhere to stuff cookies, a prefetch)
 * are redirected without recording anything.
 */
export const clickHandler =
  ({ hosts, onEvent, onError, params = REF_PARAMS, subParams, ...cookie }: ClickOptions) =>
  async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const target = redirectTarget(url.searchParams.get('to'), request, hosts);
    const headers = new Headers({ location: target.href, 'cache-control': 'no-store' });
    const { method } = request;
    const mode = request.headers.get('sec-fetch-mode');
    const prefetch = /prefetch|prerender/.test(request.headers.get('sec-purpose') || request.headers.get('purpose') || '');
    if (method == 'GET' && (!mode || mode == 'navigate') && !prefetch) {
      const now = Date.now();
      // The visit is the target page reached with this link's tracking parameters.
      const { landing, rejected, dropped } = readLanding(
        new URL(target.pathname + url.search, target).href,
        request.headers.get('referer') || '',
        params,
        cookie.domain || url.hostname,
        subParams,
      );
      if (rejected) report(onError, TypeError(`reftrace: not a referral code, ignored: "${rejected}"`), request);
      if (dropped) report(onError, TypeError(`reftrace: not a sub-id, ignored: ${dropped.join(', ')}`), request);
      if (landing) {
        const journey = readJourney(request, { windowDays: cookie.windowDays, now }) || { anonymousId: nanoid(), touchpoints: [] };
        const touchpoint = { id: nanoid(), ts: now, ...landing };
        journey.touchpoints = [...journey.touchpoints, touchpoint].slice(-MAX_TOUCHPOINTS);
        for (const value of await journeyCookies(journey, request, cookie)) headers.append('set-cookie', value);
        if (touchpoint.ref)
          await deliver(
            serverEvent<ClickEvent>('click', { touchpoint }, { ts: now, anonymousId: journey.anonymousId, userId: journey.userId, page: target.pathname, referrer: landing.referrer }),
            onEvent,
            (error) => report(onError, error, request),
          );
      }
    }
    return new Response(null, { status: 302, headers });
  };
