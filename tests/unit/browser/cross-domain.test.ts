import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decorate, readToken } from '../../../src/browser/cross-domain';
import { encodeJourney } from '../../../src/store/codec';
import type { Journey } from '../../../src/types';

const NOW = 1_700_000_000_000;
const journey: Journey = { anonymousId: 'anon', touchpoints: [{ id: 't1', ts: NOW - 5000, ref: 'alice', channel: 'affiliate', landing: '/?ref=alice' }] };
const token = (ts: number, value = encodeJourney(journey)) => ts.toString(36) + '.' + value;
const visit = (url: string) => (window as any).happyDOM.setURL(url);

describe('readToken', () => {
  const TEN = 10 * 60e3;
  it('accepts a fresh token', () => expect(readToken(token(NOW - 1000), NOW, TEN)).toEqual(journey));
  it.each([
    ['expired', token(NOW - TEN - 1)],
    ['from the future', token(NOW + 5 * 60e3)],
    ['without a time', encodeJourney(journey)],
    ['with a bad time', 'zz!.' + encodeJourney(journey)],
    ['with a malformed journey', token(NOW, '1.e30')],
    ['empty', ''],
    ['a bare dot', '.'],
  ])('ignores a token %s', (_, value) => expect(readToken(value, NOW, TEN)).toBeUndefined());
});

describe('decorate', () => {
  beforeEach(() => {
    visit('https://shop.com/');
    document.body.innerHTML = '';
  });

  it('reads the token on arrival and takes it out of the address bar', () => {
    visit(`https://checkout.com/pay?step=1&_rt=${token(Date.now())}#top`);
    expect(decorate({ domains: ['shop.com'] }).get()).toEqual(journey);
    expect(location.href).toBe('https://checkout.com/pay?step=1#top');
    expect(decorate({ domains: ['shop.com'] }).get()).toBeUndefined();
  });

  it('decorates links to listed domains when used, and only once the journey is known', () => {
    document.body.innerHTML = `<a id="a" href="https://checkout.com/pay?x=1"><span id="s">pay</span></a>
      <a id="w" href="https://eu.pay.com/">eu</a><a id="o" href="https://other.com/">other</a><a id="h" href="/local">home</a>`;
    const layer = decorate({ domains: ['checkout.com', '*.pay.com'] });
    const a = document.getElementById('a') as HTMLAnchorElement;
    // happy-dom follows links, even from a bubbling listener's preventDefault: stop it up front.
    addEventListener('click', (e) => e.preventDefault(), true);
    const use = (id: string) => document.getElementById(id)!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    use('s');
    expect(a.href).toBe('https://checkout.com/pay?x=1');
    layer.set(journey);
    for (const id of ['s', 'w', 'o', 'h']) use(id);
    const url = new URL(a.href);
    expect(url.searchParams.get('x')).toBe('1');
    expect(readToken(url.searchParams.get('_rt')!, Date.now(), 60e3)).toEqual(journey);
    expect(a.referrerPolicy).toBe('no-referrer');
    expect(new URL((document.getElementById('w') as HTMLAnchorElement).href).searchParams.has('_rt')).toBe(true);
    expect((document.getElementById('o') as HTMLAnchorElement).href).toBe('https://other.com/');
    expect((document.getElementById('h') as HTMLAnchorElement).getAttribute('href')).toBe('/local');
    layer.del();
    (document.getElementById('o') as HTMLAnchorElement).href = 'https://checkout.com/';
    use('o');
    expect((document.getElementById('o') as HTMLAnchorElement).href).toBe('https://checkout.com/');
  });

  it('puts the token in a hidden field of a GET form, in the action of a POST form', () => {
    document.body.innerHTML = `<form id="g" action="https://checkout.com/s"></form><form id="p" method="post" action="https://checkout.com/s"></form>`;
    decorate({ domains: ['checkout.com'] }).set(journey);
    for (const id of ['g', 'p']) document.getElementById(id)!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    const get = document.getElementById('g') as HTMLFormElement;
    expect(readToken((get.elements.namedItem('_rt') as HTMLInputElement).value, Date.now(), 60e3)).toEqual(journey);
    expect(new URL((document.getElementById('p') as HTMLFormElement).action).searchParams.has('_rt')).toBe(true);
  });
});

// Every decorate layer and test listens on the window: forget them after each of these tests, so
// that one test's layer does not decorate the next one's links.
const forgetListeners = () => {
  let listeners: [string, EventListener, boolean | AddEventListenerOptions | undefined][] = [];
  beforeEach(() => {
    listeners = [];
    const add = window.addEventListener.bind(window);
    vi.spyOn(window, 'addEventListener').mockImplementation((type: string, listener: any, options?: any) => {
      listeners.push([type, listener, options]);
      add(type, listener, options);
    });
  });
  const forget = () => listeners.splice(0).forEach(([type, listener, options]) => window.removeEventListener(type, listener, options));
  afterEach(() => {
    forget();
    vi.restoreAllMocks();
  });
  return forget;
};

describe('a token is a claim (issue 9)', () => {
  forgetListeners();
  const TEN = 10 * 60e3;
  const withTouch = (ts: number, extra: Partial<Journey> = {}): Journey => ({
    anonymousId: 'anon',
    touchpoints: [{ id: 't1', ts, ref: 'mallory', channel: 'affiliate', landing: '/?ref=mallory' }],
    ...extra,
  });

  it('is ignored when it carries a touch dated after the click that made it', () => {
    // Future-dated: it would be the last touch, and win, for a day.
    expect(readToken(token(NOW - 1000, encodeJourney(withTouch(NOW + 864e5))), NOW, TEN)).toBeUndefined();
    expect(readToken(token(NOW - 5 * 60e3, encodeJourney(withTouch(NOW - 60e3))), NOW, TEN)).toBeUndefined();
    // Within the minute of slack the click's own clock gets: still read.
    expect(readToken(token(NOW - 1000, encodeJourney(withTouch(NOW - 30e3))), NOW, TEN)).toBeDefined();
  });

  it('never gives a user id, and a decorated link never carries one', () => {
    const read = readToken(token(NOW - 1000, encodeJourney(withTouch(NOW - 5000, { userId: 'victim' }))), NOW, TEN);
    expect(read).toEqual(withTouch(NOW - 5000));
    document.body.innerHTML = `<a id="a" href="https://checkout.com/">pay</a>`;
    addEventListener('click', (e) => e.preventDefault(), true);
    decorate({ domains: ['checkout.com'] }).set({ ...journey, userId: 'jane@example.com' });
    document.getElementById('a')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    const value = new URL((document.getElementById('a') as HTMLAnchorElement).href).searchParams.get('_rt')!;
    expect(atob(value.split('.')[2].replace(/-/g, '+').replace(/_/g, '/'))).not.toContain('jane');
  });

  it('is signed and verified through the sign and verify hooks (the secret is the caller’s)', () => {
    const sign = (payload: string) => 'sig' + payload.length;
    const verify = (payload: string, signature?: string) => signature == sign(payload);
    const payload = token(NOW - 1000);
    expect(readToken(payload + '.' + sign(payload), NOW, TEN, verify)).toEqual(journey);
    expect(readToken(payload + '.forged', NOW, TEN, verify)).toBeUndefined();
    expect(readToken(payload, NOW, TEN, verify)).toBeUndefined();
    // Without a verifier a signature is carried but not checked.
    expect(readToken(payload + '.' + sign(payload), NOW, TEN)).toEqual(journey);
    document.body.innerHTML = `<a id="a" href="https://checkout.com/">pay</a>`;
    addEventListener('click', (e) => e.preventDefault(), true);
    decorate({ domains: ['checkout.com'], sign }).set(journey);
    document.getElementById('a')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    const sent = new URL((document.getElementById('a') as HTMLAnchorElement).href).searchParams.get('_rt')!;
    expect(readToken(sent, Date.now(), TEN, verify)).toEqual(journey);
  });
});

describe('decorate domain patterns (issue 9)', () => {
  const forget = forgetListeners();
  beforeEach(() => visit('https://shop.com/'));
  const decorated = (domains: string[], hosts: string[]) => {
    forget();
    addEventListener('click', (e) => e.preventDefault(), true);
    document.body.innerHTML = hosts.map((h, i) => `<a id="l${i}" href="https://${h}/">x</a>`).join('');
    decorate({ domains }).set(journey);
    return hosts.filter((_, i) => {
      const a = document.getElementById('l' + i) as HTMLAnchorElement;
      a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      return new URL(a.href).searchParams.has('_rt');
    });
  };

  it('match on label boundaries only', () => {
    const hosts = ['shop.eu', 'a.shop.eu', 'a.b.shop.eu', 'evilshop.eu', 'shop.eu.evil.com', 'evil.com', 'pay.example'];
    expect(decorated(['*.shop.eu'], hosts)).toEqual(['shop.eu', 'a.shop.eu', 'a.b.shop.eu']);
    expect(decorated(['*shop.eu'], hosts)).toEqual([]);
    expect(decorated(['*'], hosts)).toEqual([]);
    expect(decorated(['*.'], hosts)).toEqual([]);
    expect(decorated(['*.eu'], hosts)).toEqual([]);
    expect(decorated(['', ' '], hosts)).toEqual([]);
    expect(decorated(['PAY.Example'], hosts)).toEqual(['pay.example']);
    // As a script tag's `init` may pass them: one string, or a list with a stray value.
    expect(decorated('pay.example' as unknown as string[], hosts)).toEqual(['pay.example']);
    expect(decorated([null, 'pay.example'] as unknown as string[], hosts)).toEqual(['pay.example']);
  });

  it('a click on a link with a malformed href throws nothing into the page', () => {
    document.body.innerHTML = `<a id="bad" href="https://[::1">bad</a><form id="f" action="https://[::1"></form>`;
    decorate({ domains: ['*.shop.eu'] }).set(journey);
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.error ?? e.message);
    addEventListener('error', onError);
    try {
      expect(() => document.getElementById('bad')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }))).not.toThrow();
      expect(() => document.getElementById('f')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))).not.toThrow();
    } finally {
      removeEventListener('error', onError);
    }
    expect(errors).toEqual([]);
  });
});
