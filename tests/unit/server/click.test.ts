// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { clickHandler, readJourney } from '../../../src/server';
import { encodeJourney } from '../../../src/store/codec';
import { wireErrors } from './schema';

const hosts = ['shop.example', '*.shop-cdn.example'];
const run = async (query: string, headers: Record<string, string> = {}, options: object = {}) => {
  const events: any[] = [];
  const errors: Error[] = [];
  const response = await clickHandler({ hosts, onEvent: (e) => void events.push(e), onError: (e) => void errors.push(e), ...options })(
    new Request('https://shop.example/r' + query, { headers: { 'sec-fetch-mode': 'navigate', referer: 'https://blog.partner.example/post', ...headers } }),
  );
  const cookies = response.headers.getSetCookie();
  return { response, events, errors, cookies, location: response.headers.get('location') };
};

describe('clickHandler', () => {
  it('records the click, sets both journey cookies from the server and redirects to the target', async () => {
    const { response, events, errors, cookies, location } = await run('?ref=alice&sub1=yt&utm_campaign=spring&to=/shoes%3Fcolor%3Dred%23top');
    expect([response.status, location, response.headers.get('cache-control')]).toEqual([302, 'https://shop.example/shoes?color=red#top', 'no-store']);
    expect(errors).toEqual([]);
    const [click] = events;
    expect(wireErrors(click)).toBeNull();
    expect(click).toMatchObject({
      type: 'click',
      context: { page: '/shoes', referrer: 'blog.partner.example' },
      touchpoint: { ref: 'alice', channel: 'affiliate', campaign: 'spring', subIds: { sub1: 'yt' }, landing: '/shoes?ref=alice&sub1=yt&utm_campaign=spring', referrer: 'blog.partner.example' },
    });
    expect(cookies).toHaveLength(2);
    expect(cookies[0]).toMatch(/^_reftrace=1\.[\w-]+; Path=\/; Max-Age=2592000; SameSite=Lax; Secure$/);
    expect(cookies[1]).toMatch(/^_reftrace_s=1\.[\w-]+; Path=\/; Max-Age=2592000; SameSite=Lax; Secure$/);
    const journey = readJourney(cookies.map((c) => c.split(';')[0]).join('; '))!;
    expect(journey.anonymousId).toBe(click.anonymousId);
    expect(journey.touchpoints).toEqual([JSON.parse(JSON.stringify(click.touchpoint))]);
  });

  it('continues the journey the browser already has', async () => {
    const before = { anonymousId: 'known', userId: 'u1', touchpoints: [{ id: 'old', ts: Date.now() - 5000, ref: 'bob', channel: 'affiliate' as const, landing: '/?ref=bob' }] };
    const { events, cookies } = await run('?ref=alice', { cookie: '_reftrace=' + encodeJourney(before) }, { domain: 'shop.example', windowDays: 60 });
    expect(events[0]).toMatchObject({ anonymousId: 'known', userId: 'u1' });
    expect(cookies[0]).toContain('; Max-Age=5184000; SameSite=Lax; Domain=shop.example');
    expect(readJourney(cookies[1].split(';')[0])!.touchpoints.map((t) => t.ref)).toEqual(['bob', 'alice']);
  });

  it.each([
    ['https://evil.example/login', 'https://shop.example/'],
    ['//evil.example/login', 'https://shop.example/'],
    ['/\\evil.example', 'https://shop.example/'],
    ['https://shop.example@evil.example/', 'https://shop.example/'],
    ['https://shop.example.evil.example/', 'https://shop.example/'],
    ['javascript:alert(1)', 'https://shop.example/'],
    ['data:text/html,hi', 'https://shop.example/'],
    ['http://[::1', 'https://shop.example/'],
    ['', 'https://shop.example/'],
    ['https://shop.example/ok?q=1', 'https://shop.example/ok?q=1'],
    ['http://shop.example/plain', 'http://shop.example/plain'],
    ['https://img.shop-cdn.example/a', 'https://img.shop-cdn.example/a'],
    ['https://shop-cdn.example/a', 'https://shop.example/'],
  ])('sends to=%s to %s', async (to, expected) => {
    const { location, events } = await run('?ref=alice&to=' + encodeURIComponent(to));
    expect(location).toBe(expected);
    // The click still counts: only the redirect is refused.
    expect(events).toHaveLength(1);
  });

  it('signs the server cookie with the secret, so the click is a touch this server vouches for', async () => {
    const secret = 'click-secret-of-at-least-32-characters';
    const { events, cookies } = await run('?ref=alice', {}, { secret });
    expect(cookies[1]).toMatch(/^_reftrace_s=1\.[\w-]+\.[\w-]+;/);
    const verified = await readJourney(cookies.map((c) => c.split(';')[0]).join('; '), { secret });
    expect(verified.trust).toBe('signed');
    expect(verified.journey!.touchpoints.map((t) => t.id)).toEqual([events[0].touchpoint.id]);
    // A script-written touch from long ago rides along in the script cookie, never into what is signed.
    const old = { anonymousId: 'known', touchpoints: [{ id: 'old', ts: Date.now() - 864e5, ref: 'bob', channel: 'affiliate' as const, landing: '/?ref=bob' }] };
    const next = await run('?ref=carol', { cookie: '_reftrace=' + encodeJourney(old) }, { secret });
    const again = await readJourney(next.cookies.map((c) => c.split(';')[0]).join('; '), { secret });
    expect([again.trust, again.journey!.touchpoints.map((t) => t.ref), again.unverified.map((t) => t.ref)]).toEqual(['signed', ['carol'], ['bob']]);
  });

  it('records nothing for a request that is not a navigation, and still redirects', async () => {
    for (const headers of [{ 'sec-fetch-mode': 'no-cors' }, { 'sec-purpose': 'prefetch' }] as Record<string, string>[]) {
      const { response, events, cookies } = await run('?ref=alice&to=/x', headers);
      expect([response.status, response.headers.get('location'), events, cookies]).toEqual([302, 'https://shop.example/x', [], []]);
    }
  });

  it('reports an invalid code or sub-id and keeps the rest; a link with nothing to track sets no cookie', async () => {
    const { events, errors, cookies } = await run('?ref=%3Cb%3E&sub2=%00&utm_source=news&to=/', { referer: '' });
    expect(errors.map((e) => e.message)).toEqual(['reftrace: not a referral code, ignored: "<b>"', 'reftrace: not a sub-id, ignored: sub2=\u0000']);
    expect(events).toEqual([]);
    expect(readJourney(cookies[0].split(';')[0])!.touchpoints).toMatchObject([{ source: 'news', landing: '/?utm_source=news' }]);
    expect((await run('?to=/a', { referer: '' })).cookies).toEqual([]);
  });

  it('redirects even when onEvent throws', async () => {
    const errors: Error[] = [];
    const handler = clickHandler({ hosts, onEvent: () => Promise.reject(Error('collector down')), onError: (e) => void errors.push(e) });
    const response = await handler(new Request('https://shop.example/r?ref=alice&to=/x'));
    expect([response.status, response.headers.get('location'), errors.map((e) => e.message)]).toEqual([302, 'https://shop.example/x', ['collector down']]);
  });
});
