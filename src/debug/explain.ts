import type { Consent } from '../browser/consent';
import { continuesVisit, samePartnerVisit } from '../capture/visit';
import { readLanding, type Landing } from '../capture/landing';
import { REF_PARAMS } from '../capture/referral-code';
import type { WireEvent } from '../events/event';
import { exponent } from '../events/money';
import type { TrackerOptions } from '../tracker';
import type { Touchpoint } from '../types';
import * as N from './notes';

/** A note in words: how loud, and the sentence. */
export interface Line {
  level: 'info' | 'warn';
  text: string;
}

const info = (text: string): Line => ({ level: 'info', text });
const warn = (text: string): Line => ({ level: 'warn', text });
const list = (items: string[]) => items.join(', ');

/** Minor units back to the amount the merchant wrote: 4999 USD is "49.99 USD". */
export const money = (amount: number, currency?: string): string => {
  const digits = currency ? Math.max(0, exponent(currency)) : 0;
  return (amount / 10 ** digits).toFixed(digits) + (currency ? ' ' + currency : '');
};

/** What a touch says about where the visitor came from, in a few words. */
export const describeTouch = (t: Partial<Touchpoint>): string =>
  list(
    [
      t.ref && `partner "${t.ref}"`,
      `channel ${t.channel}`,
      t.source && `source ${t.source}`,
      t.medium && `medium ${t.medium}`,
      t.campaign && `campaign ${t.campaign}`,
      t.clickIds && `click ids ${Object.keys(t.clickIds).join(' ')}`,
      t.subIds && `sub-ids ${Object.entries(t.subIds).map(([k, v]) => `${k}=${v}`).join(' ')}`,
      t.referrer && `from ${t.referrer}`,
      t.landing && `landing ${t.landing}`,
    ].filter(Boolean) as string[],
  );

/** One event as a merchant would name it: its kind, what it carries, and its id. */
export const describeEvent = (e: WireEvent): string => {
  const id = ` (id ${e.id}${e.test ? ', test' : ''})`;
  switch (e.type) {
    case 'conversion': {
      const c = e.conversion;
      const partner = e.award?.ref ? `, awarded to partner "${e.award.ref}"` : `, no partner awarded (${e.award?.reason})`;
      return `conversion ${c.type}${c.orderId ? ` of order "${c.orderId}"` : ''}, ${money(c.amount, c.currency)}${partner}` + id;
    }
    case 'click':
      return `click for partner "${e.touchpoint.ref}"` + id;
    case 'track':
      return `event "${e.name}"` + id;
    default:
      return e.type + (e.userId ? ` of user "${e.userId}"` : '') + id;
  }
};

/** A run of outbox entries (each holds its event as `e`), named event by event. */
const describeRun = (entries: { e: WireEvent }[]) => list(entries.map((x) => describeEvent(x.e)));

/** Why a value is not a referral code (capture/referral-code.ts: 1 to 64 letters, digits or `-_.~`). */
export const whyNotCode = (value: string): string => {
  if (!value) return 'it is empty';
  if (value.length > 64) return `it is ${value.length} characters long`;
  const bad = [...new Set(value.replace(/[\p{L}\p{N}\-_.~]/gu, ''))].map((c) => JSON.stringify(c));
  return `it contains ${list(bad)}`;
};

/**
 * The consent a page starts in, and what made it so: the rules of browser/consent.ts, worked
 * out again here with their reasons (and without its console message, said once already).
 */
export const whyConsent = (options: Partial<TrackerOptions>, nav = navigator as Navigator & { globalPrivacyControl?: boolean }): string => {
  const [consent, why]: [Consent, string] =
    nav.globalPrivacyControl && options.gpc != 'ignore'
      ? ['denied', "the browser sends Global Privacy Control (option gpc: 'ignore' would track)"]
      : nav.doNotTrack == '1' && options.dnt == 'deny'
        ? ['denied', "the browser sends Do Not Track and option dnt is 'deny'"]
        : options.consent
          ? [options.consent, `option consent: '${options.consent}'`]
          : ['granted', 'the default'];
  const meaning = { granted: 'events are stored and sent', pending: "events wait in memory until consent('granted')", denied: 'nothing is stored or sent' }[consent];
  return `consent ${consent} (${why}): ${meaning}`;
};

/** What a delivery status means. */
const status = (s: number) => (s ? `HTTP ${s}` : 'network error or timeout');

/** Why the outbox gave up on an event (transport/outbox.ts's `onError` messages). */
const whyDropped = (why: string): string => {
  const refused = /^HTTP (\d+)/.exec(why);
  if (refused) return `refused by the collector with ${why}; a 4xx other than 408 and 429 is not retried`;
  return (
    {
      'outbox full': 'the outbox is full (the collector has been unreachable a long time); the oldest go first',
      expired: 'still undelivered after 7 days',
      'bad event': 'it cannot be serialized (circular data or a BigInt in it)',
    }[why] || why
  );
};

/** The notes about a landing: their first datum is the page's URL. */
export const LANDING_NOTES = [N.CAPTURED, N.NOTHING, N.FRAMED, N.SAME_VISIT];

/**
 * What capture refused in a landing's URL (a referral code, sub-ids), read again from it with the
 * tracker's parameters: the tracker keeps none of it.
 */
export const refusals = (href: string, { params = REF_PARAMS, subParams }: Partial<TrackerOptions>): Line[] => {
  const { rejected, dropped } = readLanding(href, '', params, location.hostname, subParams);
  return [rejected != null && explain(N.REFUSED, rejected), dropped && explain(N.SUB_IDS_DROPPED, dropped)].filter(Boolean) as Line[];
};

/**
 * One note in words, or nothing for a note that needs storage read first (STORED, see
 * debug/where-stored.ts). Pure but for the defaults read from the page.
 */
export const explain = (code: number, ...data: any[]): Line | undefined => {
  const [a, b] = data;
  switch (code) {
    case N.STARTED: {
      const options = a as TrackerOptions;
      let endpoint: string | undefined;
      try {
        endpoint = options.endpoint && new URL(options.endpoint, location.href).href;
      } catch {}
      return info(
        [
          `debug report. Endpoint ${endpoint || 'missing or not a URL: nothing can be sent'}`,
          whyConsent(options),
          `model ${options.model?.name || 'last_touch'}, window ${options.windowDays || 30} days`,
          options.test ? 'test mode (option test): every event is marked test' : '',
        ]
          .filter(Boolean)
          .join('; '),
      );
    }
    case N.CAPTURED:
      return info(`captured this landing as a new touch: ${describeTouch(b)}`);
    case N.NOTHING:
      return info(`nothing to capture on ${new URL(a).pathname}: no referral code, campaign tag or click id, and no referrer from another site`);
    case N.REFUSED:
      return warn(`refused the referral code ${JSON.stringify(a)}: ${whyNotCode(a)}. A code is 1 to 64 letters, digits or - _ . ~; nothing is stored or sent for it`);
    case N.SUB_IDS_DROPPED:
      return warn(`ignored sub-ids that are not valid (control characters, an @, over 100 characters): ${list((a as string[]).map((s) => JSON.stringify(s)))}`);
    case N.FRAMED:
      return warn('not recorded: this landing runs inside a frame of another site, the way hidden frames stuff cookies (option allowFramed: true records it)');
    case N.SAME_VISIT: {
      const [, landing, touches, ts] = data as [string, Landing, Touchpoint[], number];
      const why = continuesVisit(touches, landing, ts)
        ? "the same visit as the journey's last touch (same tracking parameters within 30 minutes: a reload, or a page that keeps them)"
        : samePartnerVisit(touches, landing, ts)
          ? `the same partner link ("${landing.ref}") followed again within 30 minutes: one touch per partner link per visit`
          : 'already seen on this page';
      return info(`not a new touch: ${why}`);
    }
    case N.CONSENT:
      return info(`consent set to ${a}`);
    case N.NOT_SENT:
      return info(`consent is denied: the ${a} event was not sent`);
    case N.HELD:
      return info(`held in memory until consent is granted: ${describeEvent(a)}`);
    case N.CONVERTED_BEFORE:
      return info(`order "${a}" already converted in this browser: not sent again`);
    case N.REJECTED:
      return warn(`a command failed: ${a instanceof Error ? a.message : String(a)}`);
    case N.QUEUED:
      return info(`queued ${describeEvent(a)}`);
    case N.DELIVERED:
      return info(`delivered (${status(b)}): ${describeRun(a)}`);
    case N.RETRY:
      return warn(`not delivered yet (${status(b)}), will retry with backoff: ${describeRun(a)}`);
    case N.DROPPED:
      return b
        ? warn(`dropped ${describeEvent(b)}: ${whyDropped(a)}`)
        : warn('the endpoint answers with a redirect: events are kept, not delivered; set endpoint to the URL it leads to');
    case N.BEACON:
      return info(
        `the page is going away: handed to sendBeacon (its answer cannot be seen; the collector de-duplicates by id): ${describeRun(a)}`,
      );
  }
};
