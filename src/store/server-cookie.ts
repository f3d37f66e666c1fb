import type { Journey } from '../types';
import { decodeJourney, encodeJourney } from './codec';
import { readCookie } from './cookie';
import type { Layer } from './journey-store';

/** The cookie set by the merchant's own server (`reftrace/server`), readable by the page. */
export const SERVER_COOKIE = '_reftrace_s';

// With a `secret`, the server appends `.<signature>` to the journey; the page reads past it.
const serverValue = () => readCookie(SERVER_COOKIE)?.split('.').slice(0, 2).join('.');

/**
 * The journey kept in a cookie that the merchant's server sets. Safari caps cookies written by
 * script at 7 days, but not cookies that arrive in a first-party HTTP response: this layer asks
 * the handler mounted at `path` (same origin, see `reftrace/server`) to set it, once per change.
 */
export const serverCookie = (path: string): Layer => {
  // The value the server holds, as far as this page knows: compared before posting, so an
  // unchanged journey costs no request.
  let sent: string | undefined;
  const request = (method: string, body?: string) => fetch(path, { method, body, keepalive: true, credentials: 'same-origin' });
  return {
    get: () => decodeJourney(serverValue()),
    set(journey: Journey) {
      const value = encodeJourney(journey);
      if (value == (sent ??= serverValue())) return;
      sent = value;
      // Only a 2xx means the server holds it: after a failure (offline, 5xx, a redirect to a login
      // page) the next save posts again instead of believing the cookie was set.
      const failed = () => void (sent == value && (sent = undefined));
      return request('POST', value).then((response) => response.ok || failed(), failed);
    },
    del() {
      // Only when there is something to delete: a denied visitor's every page must not call home.
      const had = sent || serverValue();
      sent = '';
      return had && request('DELETE');
    },
  };
};
