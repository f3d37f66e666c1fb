import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readLanding } from '../../../src/capture/landing';
import { isSubId } from '../../../src/capture/sub-ids';
import { createTracker } from '../../../src/index';
import { decodeJourney, encodeJourney } from '../../../src/store/codec';

const read = (url: string, subParams?: Record<string, any>) => readLanding(url, '', ['ref'], 'shop.com', subParams);

describe('sub-ids on landing', () => {
  it('keeps sub1…sub5 with the touchpoint and in the landing', () => {
    const { landing, dropped } = read('https://shop.com/p?ref=alice&sub1=yt&sub2=video-9&sub5=%C3%A9t%C3%A9%202024&sub6=no&email=a%40b.c');
    expect(dropped).toBeUndefined();
    expect(landing).toMatchObject({ ref: 'alice', subIds: { sub1: 'yt', sub2: 'video-9', sub5: 'été 2024' } });
    expect(landing!.landing).toBe('/p?ref=alice&sub1=yt&sub2=video-9&sub5=%C3%A9t%C3%A9+2024');
  });

  it('maps configured aliases to the canonical slots, the canonical name first', () => {
    const aliases = { aff_sub: 'sub1', aff_sub2: 'sub2', subid: 'sub1', bogus: 'sub9' };
    expect(read('https://shop.com/?ref=a&aff_sub=nl&aff_sub2=march&bogus=x', aliases).landing).toMatchObject({
      subIds: { sub1: 'nl', sub2: 'march' },
      landing: '/?ref=a&aff_sub=nl&aff_sub2=march',
    });
    expect(read('https://shop.com/?ref=a&subid=alias&sub1=canonical', aliases).landing!.subIds).toEqual({ sub1: 'canonical' });
    // An alias not configured is not a tracking parameter.
    expect(read('https://shop.com/?ref=a&aff_sub=nl').landing).toEqual({ ref: 'a', channel: 'affiliate', landing: '/?ref=a' });
  });

  it('drops an invalid value, reports it, and keeps the rest of the visit', () => {
    const { landing, dropped } = read(`https://shop.com/?ref=a&sub1=${'x'.repeat(101)}&sub2=a%0Ab&sub3=me%40mail.com&sub4=ok`);
    expect(dropped).toEqual([`sub1=${'x'.repeat(101)}`, 'sub2=a\nb', 'sub3=me@mail.com']);
    expect(landing).toMatchObject({ ref: 'a', subIds: { sub4: 'ok' }, landing: '/?ref=a&sub4=ok' });
  });

  it('what counts as a sub-id', () => {
    expect(['yt', 'video-9', 'x'.repeat(100), 'a b', 'vidéo', '<b>'].every(isSubId)).toBe(true);
    expect(['', 'x'.repeat(101), 'a\tb', 'a\u0000', 'me@x.com', 5, null].some(isSubId)).toBe(false);
  });

  it('round-trips through the cookie and refuses forged sub-ids there', () => {
    const tp = { id: 't1', ts: 1, ref: 'a', channel: 'affiliate' as const, landing: '/?ref=a&sub1=yt', subIds: { sub1: 'yt', sub3: 'été' } };
    expect(decodeJourney(encodeJourney({ anonymousId: 'x', touchpoints: [tp] }))).toEqual({ anonymousId: 'x', touchpoints: [tp] });
    for (const subIds of [{ sub6: 'x' }, { sub1: 'a\u0007' }, { sub1: 5 }, 'sub1'])
      expect(decodeJourney(encodeJourney({ anonymousId: 'x', touchpoints: [{ ...tp, subIds } as any] }))).toBeUndefined();
    // A cookie written before sub-ids existed (13 columns) still reads.
    const old = '1.' + Buffer.from(JSON.stringify(['x', 0, [['t1', 1, 'a', 'affiliate', 0, 0, 0, 0, 0, 0, '/?ref=a', 0, 0]]])).toString('base64url');
    expect(decodeJourney(old)).toEqual({ anonymousId: 'x', touchpoints: [{ id: 't1', ts: 1, ref: 'a', channel: 'affiliate', landing: '/?ref=a' }] });
  });
});

describe('sub-ids in the visit key', () => {
  let sent: any[] = [];
  beforeEach(() => {
    sent = [];
    localStorage.clear();
    document.cookie.split('; ').forEach((c) => (document.cookie = c.split('=')[0] + '=;max-age=0;path=/'));
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => (sent.push(...JSON.parse(init.body as string)), new Response(null, { status: 204 }))));
  });
  afterEach(() => vi.unstubAllGlobals());
  const visit = (path: string) => (window as any).happyDOM.setURL('http://shop.localhost' + path);
  const land = async (path: string, debug = false) => {
    visit(path);
    const tracker = createTracker({ endpoint: 'https://collect.example/e', subParams: { aff_sub: 'sub1' }, debug });
    await tracker.ready;
    await tracker.flush();
    return tracker;
  };

  it('makes the same partner with other sub-ids a new touch, and the same sub-ids the same visit', async () => {
    await land('/?ref=alice&sub1=yt');
    await land('/?ref=alice&sub1=yt');
    await land('/?ref=alice&sub1=newsletter');
    // The same partner link written with an alias, in the same visit: one touch per partner link
    // per visit (a click flood's defence, docs/fraud.md).
    const tracker = await land('/?ref=alice&aff_sub=newsletter');
    expect(tracker.touchpoints().map((t) => t.subIds)).toEqual([{ sub1: 'yt' }, { sub1: 'newsletter' }]);
    expect(sent.filter((e) => e.type == 'click').map((e) => e.touchpoint.subIds.sub1)).toEqual(['yt', 'newsletter']);
  });

  it('reports a dropped sub-id in debug mode', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    await land('/?ref=bob&sub2=a%00b', true);
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringContaining('ignored sub-ids that are not valid')));
    expect(String(warn.mock.calls.find(([m]) => String(m).includes('sub-ids'))![0])).toContain(JSON.stringify('sub2=a\u0000b'));
    warn.mockRestore();
    info.mockRestore();
  });
});
