import { describe, expect, it } from 'vitest';
import { clickIdNames } from '../../../src/capture/click-ids';
import { readLanding } from '../../../src/capture/landing';
import { isReferralCode } from '../../../src/capture/referral-code';
import { classifyReferrer } from '../../../src/capture/referrer';
// The reference list of tracking parameters, copied into the repository: tests read nothing outside it.
import shared from '../../fixtures/tracking-params.json';

const PARAMS = ['ref', 'via', 'aff', 'referral', 'partner'];
const read = (url: string, referrer = '') => readLanding(url, referrer, PARAMS, 'shop.com');

describe('readLanding', () => {
  it('reads the referral code, UTM tags and click ids, and keeps nothing else', () => {
    const { landing } = read(
      'https://www.shop.com/p/shoes?utm_source=ig&utm_medium=social&ref=alice&session=123&email=a%40b.c&gclid=abc#top',
    );
    expect(landing).toEqual({
      ref: 'alice',
      channel: 'affiliate',
      source: 'ig',
      medium: 'social',
      clickIds: { gclid: 'abc' },
      landing: '/p/shoes?ref=alice&gclid=abc&utm_source=ig&utm_medium=social',
    });
  });

  it('never stores the personal-data parameters of the shared list', () => {
    const query = Object.keys(shared.strip).map((k) => `${k}=secret_${k}`).join('&');
    const { landing } = read(`https://shop.com/?ref=bob&${query}`);
    expect(JSON.stringify(landing)).not.toContain('secret_');
  });

  it('knows every click id of the shared list', () => {
    expect(clickIdNames()).toEqual(expect.arrayContaining(Object.keys(shared.clickIds)));
  });

  it('reads the hash fragment, plain and after a route', () => {
    expect(read('https://shop.com/#ref=hash1').landing?.ref).toBe('hash1');
    expect(read('https://shop.com/#/product/2?via=hash2').landing?.ref).toBe('hash2');
  });

  it('takes the first configured parameter that holds a valid code', () => {
    expect(read('https://shop.com/?via=second&ref=first').landing?.ref).toBe('first');
    expect(readLanding('https://shop.com/?fpr=fp1&ref=x', '', ['fpr'], 'shop.com').landing?.ref).toBe('fp1');
  });

  it('rejects an invalid referral code but keeps the rest of the visit', () => {
    const result = read('https://shop.com/?ref=%3Cscript%3E&utm_source=news&utm_medium=email');
    expect(result.rejected).toBe('<script>');
    expect(result.landing).toEqual({ channel: 'email', source: 'news', medium: 'email', landing: '/?utm_source=news&utm_medium=email' });
  });

  it('drops over-long or malformed click ids', () => {
    expect(read(`https://shop.com/?gclid=${'a'.repeat(300)}`).landing).toBeUndefined();
    expect(read('https://shop.com/?fbclid=<x>').landing).toBeUndefined();
  });

  it('records external referrers but not direct or same-site visits', () => {
    expect(read('https://shop.com/a')).toEqual({});
    expect(read('https://shop.com/a', 'https://blog.shop.com/post')).toEqual({});
    expect(read('https://shop.com/a', 'https://www.google.com/')).toEqual({
      landing: { channel: 'organic_search', landing: '/a', referrer: 'www.google.com' },
    });
    expect(read('https://shop.com/a', 'https://l.facebook.com/l.php').landing?.channel).toBe('organic_social');
    expect(read('https://shop.com/a', 'https://someblog.net/review').landing).toMatchObject({ channel: 'referral', referrer: 'someblog.net' });
  });

  it('groups channels', () => {
    const channel = (q: string, r = '') => read('https://shop.com/?' + q, r).landing?.channel;
    expect(channel('gclid=x')).toBe('paid_search');
    expect(channel('msclkid=x')).toBe('paid_search');
    expect(channel('ttclid=x')).toBe('paid_social');
    expect(channel('irclickid=x')).toBe('affiliate');
    expect(channel('dclid=x')).toBe('display');
    expect(channel('fbclid=x', 'https://m.facebook.com/')).toBe('organic_social');
    expect(channel('utm_source=facebook&utm_medium=cpc')).toBe('paid_social');
    expect(channel('utm_source=google&utm_medium=cpc')).toBe('paid_search');
    expect(channel('utm_medium=affiliate')).toBe('affiliate');
    expect(channel('utm_medium=newsletter')).toBe('email');
    expect(channel('utm_medium=banner')).toBe('display');
    expect(channel('utm_source=podcast')).toBe('other');
  });

  it('throws on a URL that is not one (the tracker catches it)', () => {
    expect(() => read('not a url')).toThrow();
  });
});

describe('isReferralCode', () => {
  it.each(['alice', 'Bob_42', 'a.b-c~d', 'zoë', '北京', 'x'.repeat(64)])('accepts %s', (code) => expect(isReferralCode(code)).toBe(true));
  it.each(['', 'x'.repeat(65), 'a b', '<b>', 'a@b.c', 'http://x', 'a/b', "a'b", 'a\u0000'])('rejects %j', (code) =>
    expect(isReferralCode(code)).toBe(false),
  );
});

describe('classifyReferrer', () => {
  it('classifies by host, to the channel the referrer implies on its own', () => {
    expect(classifyReferrer('https://duckduckgo.com/', 'shop.com').kind).toBe('organic_search');
    expect(classifyReferrer('https://t.co/abc', 'shop.com').kind).toBe('organic_social');
    expect(classifyReferrer('https://t.example.com/', 'shop.com').kind).toBe('referral');
    expect(classifyReferrer('https://mail.google.com/mail/u/0', 'shop.com').kind).toBe('email');
    // The site itself, and no referrer at all, are both direct and carry no host.
    expect(classifyReferrer('https://shop.com/', 'shop.com')).toEqual({ kind: 'direct' });
    expect(classifyReferrer('https://evilshop.com/', 'shop.com')).toEqual({ kind: 'referral', host: 'evilshop.com' });
    expect(classifyReferrer('', 'shop.com')).toEqual({ kind: 'direct' });
    expect(classifyReferrer('garbage', 'shop.com')).toEqual({ kind: 'direct' });
  });
});
