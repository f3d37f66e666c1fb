import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readLanding } from '../../../src/capture/landing';
import { createTracker } from '../../../src/index';
import { decodeJourney, validJourney } from '../../../src/store/codec';

const read = (url: string) => readLanding(url, '', ['ref'], 'shop.com').landing;
const EMAIL = 'jane.doe@example.com';
const HEX = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('personal data and secrets in a landing', () => {
  it.each([
    [`/u/${EMAIL}/orders`, '/u/:redacted/orders'],
    [`/u/jane.doe%40example.com`, '/u/:redacted'],
    [`/password/reset/${HEX}`, '/password/reset/:redacted'],
    [`/login/${JWT}`, '/login/:redacted'],
    ['/invite/550e8400-e29b-41d4-a716-446655440000/accept', '/invite/:redacted/accept'],
    ['/reset/MjM/c5ry2z-0f3a1b2c4d5e6f7a8b9c0d1e2f3a', '/reset/MjM/:redacted'],
  ])('keeps no e-mail address or secret token of the path %s', (path, kept) => {
    expect(read(`https://shop.com${path}?ref=alice`)).toMatchObject({ ref: 'alice', landing: kept + '?ref=alice' });
  });

  it.each(['/blog/how-to-choose-running-shoes-2024', '/p/iphone15promax256gb', '/orders/1234567890', '/c/Donaudampfschifffahrtsgesellschaft'])(
    'keeps an ordinary path: %s',
    (path) => expect(read(`https://shop.com${path}?ref=alice`)!.landing).toBe(path + '?ref=alice'),
  );

  it('drops UTM values and click ids that hold an e-mail address, raw or encoded', () => {
    const landing = read(`https://shop.com/?ref=bob&utm_source=${EMAIL}&utm_medium=email&utm_campaign=x%40y.co&gclid=jane%2540example.com&fbclid=ok1`);
    expect(landing).toMatchObject({ ref: 'bob', medium: 'email', clickIds: { fbclid: 'ok1' } });
    expect(landing!.source).toBeUndefined();
    expect(landing!.campaign).toBeUndefined();
    expect(JSON.stringify(landing)).not.toMatch(/jane|x%40y|x@y/);
  });

  it('keeps a long click id, which is a token by nature', () => {
    const gclid = 'Cj0KCQiA' + 'x1Y2z3'.repeat(15);
    expect(read(`https://shop.com/?gclid=${gclid}`)!.clickIds).toEqual({ gclid });
  });

  it('drops a stored click id that capture would not keep', () => {
    const journey = validJourney({
      anonymousId: 'a',
      touchpoints: [{ id: 't', ts: 1, channel: 'affiliate', ref: 'alice', clickIds: { gclid: 'jane%40example.com', fbclid: 'ok1' }, landing: '/?ref=alice' }],
    });
    expect(journey!.touchpoints[0].clickIds).toEqual({ fbclid: 'ok1' });
  });
});

describe('personal data through the tracker', () => {
  let sent: any[] = [];
  beforeEach(() => {
    sent = [];
    localStorage.clear();
    document.cookie.split('; ').forEach((c) => (document.cookie = c.split('=')[0] + '=;max-age=0;path=/'));
    vi.stubGlobal('fetch', vi.fn(async (_: string, init: RequestInit) => (sent.push(...JSON.parse(init.body as string)), new Response(null, { status: 204 }))));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('reaches neither the cookie, localStorage nor the wire from a path', async () => {
    (window as any).happyDOM.setURL(`http://shop.localhost/u/${EMAIL}/reset/${HEX}?ref=alice&utm_source=${EMAIL}`);
    const tracker = createTracker({ endpoint: '/e' });
    await tracker.ready;
    await tracker.convert({ orderId: 'P-1' });
    await tracker.flush();
    expect(sent.map((e) => e.type)).toEqual(['click', 'conversion']);
    expect(sent[1].award.ref).toBe('alice');
    const cookie = decodeJourney(document.cookie.match(/_reftrace=([^;]+)/)![1]);
    for (const where of [JSON.stringify(sent), JSON.stringify(cookie), JSON.stringify({ ...localStorage })]) {
      expect(where).not.toContain('jane');
      expect(where).not.toContain(HEX);
    }
    expect(sent[0].context.page).toBe('/u/:redacted/reset/:redacted');
  });

  it('refuses an e-mail address as the user id, which every subdomain would read in the cookie', async () => {
    (window as any).happyDOM.setURL('http://shop.localhost/');
    const tracker = createTracker({ endpoint: '/e' });
    await expect(tracker.identify(EMAIL)).rejects.toThrow('reftrace: identify needs your own user id, not an e-mail address');
  });
});
