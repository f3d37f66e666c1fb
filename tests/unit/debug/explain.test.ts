import { describe, expect, it } from 'vitest';
import * as N from '../../../src/debug/notes';
import { describeEvent, explain, money, refusals, whyConsent, whyNotCode } from '../../../src/debug/explain';
import type { ConversionEvent, WireEvent } from '../../../src/events/event';
import type { Touchpoint } from '../../../src/types';

const base = { id: 'ev1', ts: 1, anonymousId: 'a', context: { page: '/', library: { name: 'reftrace' as const, version: '0' } } };
const conversion = {
  ...base,
  type: 'conversion',
  conversion: { orderId: 'A-1', type: 'purchase', amount: 4999, currency: 'USD' },
  touchpoints: [],
  attribution: { model: 'last_touch', credits: [], unattributed: 0 },
  award: { policy: 'last_click', ref: 'alice', touchpointId: 't1', reason: 'last_click' },
} as ConversionEvent;
const touch: Touchpoint = { id: 't1', ts: 1_000, ref: 'alice', channel: 'affiliate', landing: '/?ref=alice', subIds: { sub1: 'yt' } };

describe('notes in words', () => {
  it('names events the way a merchant would, with the amount as written', () => {
    expect(money(4999, 'USD')).toBe('49.99 USD');
    expect(money(500, 'JPY')).toBe('500 JPY');
    expect(money(1500, 'KWD')).toBe('1.500 KWD');
    expect(money(0)).toBe('0');
    expect(describeEvent(conversion)).toBe('conversion purchase of order "A-1", 49.99 USD, awarded to partner "alice" (id ev1)');
    expect(describeEvent({ ...conversion, test: true, award: { ...conversion.award, ref: null, reason: 'no_partner_touch' } })).toBe(
      'conversion purchase of order "A-1", 49.99 USD, no partner awarded (no_partner_touch) (id ev1, test)',
    );
    expect(describeEvent({ ...base, type: 'click', touchpoint: touch } as WireEvent)).toBe('click for partner "alice" (id ev1)');
    expect(describeEvent({ ...base, type: 'track', name: 'signup' } as WireEvent)).toBe('event "signup" (id ev1)');
    expect(describeEvent({ ...base, type: 'identify', userId: 'u-1' } as WireEvent)).toBe('identify of user "u-1" (id ev1)');
  });

  it('says why a referral code was refused', () => {
    expect(whyNotCode('')).toBe('it is empty');
    expect(whyNotCode('x'.repeat(65))).toBe('it is 65 characters long');
    expect(whyNotCode('<b>ob</b>')).toBe('it contains "<", ">", "/"');
    expect(explain(N.REFUSED, 'a b')).toEqual({ level: 'warn', text: expect.stringMatching(/^refused the referral code "a b": it contains " "\. A code is 1 to 64/) });
  });

  it('reads a landing again for what capture refused', () => {
    expect(refusals('https://shop.example/?ref=a%20b&sub2=x%40y.z&aff_sub=%00', { subParams: { aff_sub: 'sub1' } }).map((l) => l.text)).toEqual([
      expect.stringMatching(/^refused the referral code "a b"/),
      'ignored sub-ids that are not valid (control characters, an @, over 100 characters): "sub2=x@y.z", "aff_sub=\\u0000"',
    ]);
    expect(refusals('https://shop.example/?via=ok', { params: ['via'] })).toEqual([]);
    expect(refusals('https://shop.example/?via=a%20b', {})).toHaveLength(1);
  });

  it('says what made consent what it is: GPC, DNT, the option, or the default', () => {
    const gpc = { globalPrivacyControl: true } as Navigator & { globalPrivacyControl?: boolean };
    const dnt = { doNotTrack: '1' } as Navigator;
    const none = {} as Navigator;
    expect(whyConsent({}, gpc)).toBe("consent denied (the browser sends Global Privacy Control (option gpc: 'ignore' would track)): nothing is stored or sent");
    expect(whyConsent({ dnt: 'deny' }, dnt)).toContain('Do Not Track');
    expect(whyConsent({ consent: 'pending' }, none)).toBe("consent pending (option consent: 'pending'): events wait in memory until consent('granted')");
    expect(whyConsent({}, none)).toBe('consent granted (the default): events are stored and sent');
    expect(whyConsent({ gpc: 'ignore', consent: 'granted' }, gpc)).toBe("consent granted (option consent: 'granted'): events are stored and sent");
    expect(whyConsent({}, dnt)).toContain('consent granted (the default)');
  });

  it('puts every note of the landing into words', () => {
    expect(explain(N.CAPTURED, 'https://shop.example/?ref=alice', touch)!.text).toBe('captured this landing as a new touch: partner "alice", channel affiliate, sub-ids sub1=yt, landing /?ref=alice');
    expect(explain(N.NOTHING, 'https://shop.example/cart?x=1')!.text).toMatch(/^nothing to capture on \/cart: no referral code/);
    expect(explain(N.FRAMED, 'https://shop.example/?ref=alice')).toMatchObject({ level: 'warn', text: expect.stringContaining('frame of another site') });
    expect(explain(N.SUB_IDS_DROPPED, ['sub2=a@b.c'])!.text).toContain('"sub2=a@b.c"');
    const landing = { ref: 'alice', channel: 'affiliate' as const, landing: '/?ref=alice', subIds: { sub1: 'yt' } };
    expect(explain(N.SAME_VISIT, 'https://shop.example/', landing, [touch], 2_000)!.text).toContain("same visit as the journey's last touch");
    expect(explain(N.SAME_VISIT, 'https://shop.example/', { ...landing, landing: '/p?ref=alice&sub1=yt&utm_source=x' }, [touch], 2_000)!.text).toContain(
      'same partner link ("alice") followed again within 30 minutes',
    );
    expect(explain(N.SAME_VISIT, 'https://shop.example/', landing, [], 2_000)!.text).toContain('already seen on this page');
  });

  it('puts every delivery outcome into words', () => {
    const run = [{ e: conversion }];
    expect(explain(N.QUEUED, conversion)!.text).toBe('queued conversion purchase of order "A-1", 49.99 USD, awarded to partner "alice" (id ev1)');
    expect(explain(N.DELIVERED, run, 204)!.text).toMatch(/^delivered \(HTTP 204\): conversion purchase/);
    expect(explain(N.RETRY, run, 0)).toMatchObject({ level: 'warn', text: expect.stringMatching(/^not delivered yet \(network error or timeout\), will retry/) });
    expect(explain(N.RETRY, run, 503)!.text).toContain('(HTTP 503)');
    expect(explain(N.DROPPED, 'HTTP 400', conversion)!.text).toMatch(/^dropped conversion .*: refused by the collector with HTTP 400; a 4xx other than 408 and 429 is not retried$/);
    expect(explain(N.DROPPED, 'expired', conversion)!.text).toContain('still undelivered after 7 days');
    expect(explain(N.DROPPED, 'outbox full', conversion)!.text).toContain('the outbox is full');
    expect(explain(N.DROPPED, 'bad event', conversion)!.text).toContain('cannot be serialized');
    expect(explain(N.DROPPED, 'redirect')!.text).toMatch(/^the endpoint answers with a redirect: events are kept, not delivered/);
    expect(explain(N.BEACON, run)!.text).toMatch(/^the page is going away: handed to sendBeacon/);
    expect(explain(N.HELD, conversion)!.text).toMatch(/^held in memory until consent is granted: conversion/);
    expect(explain(N.CONVERTED_BEFORE, 'A-1')!.text).toBe('order "A-1" already converted in this browser: not sent again');
    expect(explain(N.NOT_SENT, 'click')!.text).toBe('consent is denied: the click event was not sent');
    expect(explain(N.REJECTED, TypeError('reftrace: unknown currency "EURO"'))).toEqual({ level: 'warn', text: 'a command failed: reftrace: unknown currency "EURO"' });
  });

  it('opens with the endpoint, consent, model and test mode', () => {
    (window as any).happyDOM.setURL('https://shop.example/cart');
    const text = explain(N.STARTED, { endpoint: '/e', test: true })!.text;
    expect(text).toBe(
      'debug report. Endpoint https://shop.example/e; consent granted (the default): events are stored and sent; model last_touch, window 30 days; test mode (option test): every event is marked test',
    );
    expect(explain(N.STARTED, {})!.text).toContain('Endpoint missing or not a URL: nothing can be sent');
    expect(explain(N.STARTED, { endpoint: 'http://[bad' })!.text).toContain('Endpoint missing or not a URL');
  });

  it('has words for every note the tracker makes (STORED is read from storage, debug/where-stored.ts)', () => {
    const codes = Object.entries(N).filter(([, v]) => typeof v == 'number') as [string, number][];
    expect(new Set(codes.map(([, v]) => v)).size).toBe(codes.length);
    const sample: Record<number, unknown[]> = {
      [N.STARTED]: [{ endpoint: '/e' }],
      [N.CAPTURED]: ['https://shop.example/', touch],
      [N.NOTHING]: ['https://shop.example/'],
      [N.FRAMED]: ['https://shop.example/'],
      [N.REFUSED]: ['a b'],
      [N.SUB_IDS_DROPPED]: [['sub1=@']],
      [N.SAME_VISIT]: ['https://shop.example/', touch, [touch], 2_000],
      [N.CONSENT]: ['granted'],
      [N.NOT_SENT]: ['track'],
      [N.HELD]: [conversion],
      [N.CONVERTED_BEFORE]: ['A-1'],
      [N.REJECTED]: [Error('x')],
      [N.QUEUED]: [conversion],
      [N.DELIVERED]: [[{ e: conversion }], 200],
      [N.RETRY]: [[{ e: conversion }], 429],
      [N.DROPPED]: ['expired', conversion],
      [N.BEACON]: [[{ e: conversion }]],
    };
    for (const [name, code] of codes) {
      if (code == N.STORED) continue;
      expect(explain(code, ...(sample[code] || []))?.text, name).toMatch(/\w/);
      expect(explain(code, ...(sample[code] || []))!.text, name).not.toMatch(/undefined|\[object/);
    }
  });
});
