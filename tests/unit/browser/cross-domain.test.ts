import { beforeEach, describe, expect, it } from 'vitest';
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
