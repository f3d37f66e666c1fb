import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLanding } from '../../../src/capture/landing';
import * as root from '../../../src/index';
import { buildShareLink, parseShareLink, PLATFORMS, shareIntent, type Platform } from '../../../src/links';

describe('buildShareLink', () => {
  it('adds the code, sub-ids and tags, keeping the target’s own query and hash', () => {
    const link = buildShareLink('https://shop.example/p/chaussures-été?color=red&flag#reviews', {
      ref: 'alice',
      subIds: { sub1: 'yt', sub2: 'video 9' },
      utm: { campaign: 'spring' },
      platform: 'x',
    });
    expect(link).toBe(
      'https://shop.example/p/chaussures-%C3%A9t%C3%A9?color=red&flag&ref=alice&sub1=yt&sub2=video%209&utm_source=x&utm_medium=social&utm_campaign=spring#reviews',
    );
    // What the SDK captures on landing.
    expect(readLanding(link, '', ['ref'], 'shop.example').landing).toMatchObject({
      ref: 'alice',
      subIds: { sub1: 'yt', sub2: 'video 9' },
      source: 'x',
      medium: 'social',
      campaign: 'spring',
    });
  });

  it('replaces a parameter already there instead of duplicating it, and drops another link’s sub-ids', () => {
    const link = buildShareLink('https://shop.example/?ref=bob&sub3=bobs&utm_source=old&q=1', { ref: 'alice', param: 'ref', platform: 'email' });
    expect(link).toBe('https://shop.example/?q=1&ref=alice&utm_source=email&utm_medium=email');
    expect(buildShareLink('https://shop.example/?via=x', { ref: 'alice', param: 'via', utm: { source: 'mine' }, platform: 'qr' })).toBe(
      'https://shop.example/?via=alice&utm_source=mine&utm_medium=offline',
    );
  });

  it('is re-exported from reftrace', () => {
    expect(root.buildShareLink).toBe(buildShareLink);
    expect(root.parseShareLink).toBe(parseShareLink);
    expect(root.shareIntent).toBe(shareIntent);
  });

  it.each([
    ['ftp://shop.example/', { ref: 'a' }, 'not an http(s) target: "ftp://shop.example/"'],
    ['javascript:alert(1)//', { ref: 'a' }, 'not an http(s) target'],
    ['/relative', { ref: 'a' }, 'not a URL: "/relative"'],
    ['https://shop.example/', { ref: 'a b' }, 'not a referral code the SDK accepts (1 to 64 letters, digits or -_.~): "a b"'],
    ['https://shop.example/', { ref: '' }, 'not a referral code'],
    ['https://shop.example/', { ref: 'x'.repeat(65) }, 'not a referral code'],
    ['https://shop.example/', { ref: '<script>' }, 'not a referral code'],
    ['https://shop.example/', { ref: undefined }, 'not a referral code'],
    ['https://shop.example/', { ref: 'a', param: '' }, 'not a referral parameter: ""'],
    ['https://shop.example/', { ref: 'a', param: 'a&b' }, 'not a referral parameter'],
    ['https://shop.example/', { ref: 'a', param: 'sub1' }, 'not a referral parameter'],
    ['https://shop.example/', { ref: 'a', param: 'utm_source' }, 'not a referral parameter'],
    ['https://shop.example/', { ref: 'a', subIds: { sub6: 'x' } }, 'not a sub-id: "sub6" (sub1 to sub5)'],
    ['https://shop.example/', { ref: 'a', subIds: { sub1: 'me@mail.com' } }, 'sub1 would be dropped on landing'],
    ['https://shop.example/', { ref: 'a', subIds: { sub2: '' } }, 'sub2 would be dropped on landing'],
    ['https://shop.example/', { ref: 'a', subIds: { sub2: 'a\nb' } }, 'sub2 would be dropped on landing'],
    ['https://shop.example/', { ref: 'a', subIds: { sub3: 'x'.repeat(101) } }, 'sub3 would be dropped on landing'],
    ['https://shop.example/', { ref: 'a', platform: 'myspace' }, 'unknown platform: "myspace"'],
    ['https://shop.example/', { ref: 'a', utm: { sauce: 'x' } }, 'not a campaign tag: "sauce"'],
    ['https://shop.example/', { ref: 'a', utm: { source: '' } }, 'utm_source must be 1 to 200 characters'],
    ['https://shop.example/', { ref: 'a', utm: { campaign: 'c'.repeat(201) } }, 'utm_campaign must be 1 to 200 characters'],
  ])('refuses %s with %j', (target, options, message) => {
    expect(() => buildShareLink(target, options as any)).toThrow(TypeError);
    expect(() => buildShareLink(target, options as any)).toThrow('reftrace: ' + message);
  });
});

// Targets with queries (tracking parameters of their own included), fragments and Unicode paths.
const segment = fc.string({ unit: fc.constantFrom('a', 'é', '日', '-', '.', '~', ' ', '%', '😀'), minLength: 1, maxLength: 6 });
const pair = fc.tuple(
  fc.constantFrom('q', 'color', 'ref', 'via', 'sub1', 'sub4', 'utm_source', 'utm_campaign', 'gclid', 'page'),
  fc.string({ unit: fc.constantFrom('x', '1', ' ', '&', '=', 'ü', '+', '/'), maxLength: 5 }),
);
const target = fc
  .record({
    host: fc.constantFrom('shop.example', 'www.shop.example', 'xn--bcher-kva.example', 'localhost:8080'),
    path: fc.array(segment, { maxLength: 3 }),
    query: fc.array(pair, { maxLength: 4 }),
    hash: fc.option(fc.constantFrom('#top', '#/route?x=1', '#ü'), { nil: '' }),
  })
  .map(({ host, path, query, hash }) => {
    const url = new URL(`https://${host}/${path.map(encodeURIComponent).join('/')}`);
    query.forEach(([k, v]) => url.searchParams.append(k, v));
    return url.href.replace(/#.*/, '') + hash;
  });
const code = fc.stringMatching(/^[\p{L}\p{N}\-_.~]{1,64}$/u);
const subId = fc.string({ unit: fc.constantFrom('a', 'Z', '9', ' ', 'é', '&', '=', '#', '?', '%', '+', '/', '日'), minLength: 1, maxLength: 100 });
const options = fc.record(
  {
    ref: code,
    param: fc.constantFrom('ref', 'via', 'partner'),
    subIds: fc.record({ sub1: subId, sub2: subId, sub3: subId, sub4: subId, sub5: subId }, { requiredKeys: [] }),
    utm: fc.record({ campaign: subId, content: subId }, { requiredKeys: [] }),
    platform: fc.constantFrom(...(Object.keys(PLATFORMS) as Platform[])),
  },
  { requiredKeys: ['ref', 'param'] },
);
const tracking = (name: string) => /^(ref|via|aff|referral|partner|sub[1-5]|utm_.*)$/.test(name);

describe('parseShareLink(buildShareLink(...))', () => {
  it('gives back the code, the sub-ids, the tags and the target, each parameter once', () => {
    fc.assert(
      fc.property(target, options, (t, o) => {
        const link = buildShareLink(t, o);
        const parsed = parseShareLink(link, { params: [o.param] });
        expect(parsed.ref).toBe(o.ref);
        expect(parsed.subIds).toEqual(o.subIds || {});
        const preset = o.platform ? PLATFORMS[o.platform] : {};
        expect(parsed.utm).toMatchObject({ ...preset, ...o.utm });
        const names = [...new URL(link).searchParams.keys()];
        const set = [o.param, ...Object.keys(o.subIds || {}), ...Object.keys({ ...preset, ...o.utm }).map((k) => 'utm_' + k)];
        for (const name of set) expect(names.filter((n) => n == name)).toEqual([name]);
        // The target's own pairs and hash are kept, in order; its tracking parameters are ours now.
        const strip = (url: string) => {
          const u = new URL(url);
          return [u.pathname, [...u.searchParams].filter(([k]) => !tracking(k)), u.hash];
        };
        expect(strip(parsed.target)).toEqual(strip(t));
        expect(strip(link)).toEqual(strip(t));
      }),
      { numRuns: 500 },
    );
  });
});

describe('shareIntent', () => {
  const link = buildShareLink('https://shop.example/p?x=1', { ref: 'alice', subIds: { sub1: 'yt' } });
  it.each([
    ['x', 'https://x.com/intent/tweet?url=https%3A%2F%2Fshop.example%2Fp%3Fx%3D1%26ref%3Dalice%26sub1%3Dyt&text=Love%20these%20%26%20more'],
    ['facebook', 'https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fshop.example%2Fp%3Fx%3D1%26ref%3Dalice%26sub1%3Dyt'],
    ['linkedin', 'https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fshop.example%2Fp%3Fx%3D1%26ref%3Dalice%26sub1%3Dyt'],
    ['whatsapp', 'https://wa.me/?text=Love%20these%20%26%20more%20https%3A%2F%2Fshop.example%2Fp%3Fx%3D1%26ref%3Dalice%26sub1%3Dyt'],
    ['reddit', 'https://www.reddit.com/submit?url=https%3A%2F%2Fshop.example%2Fp%3Fx%3D1%26ref%3Dalice%26sub1%3Dyt&title=Love%20these%20%26%20more'],
    ['email', 'mailto:?subject=Love%20these%20%26%20more&body=Love%20these%20%26%20more%0A%0Ahttps%3A%2F%2Fshop.example%2Fp%3Fx%3D1%26ref%3Dalice%26sub1%3Dyt'],
    ['sms', 'sms:?&body=Love%20these%20%26%20more%20https%3A%2F%2Fshop.example%2Fp%3Fx%3D1%26ref%3Dalice%26sub1%3Dyt'],
  ])('%s', (platform, expected) => {
    const intent = shareIntent(link, platform as Platform, 'Love these & more');
    expect(intent).toBe(expected);
    // The link survives the platform's own decoding intact.
    const carried = platform == 'email' || platform == 'sms' ? decodeURIComponent(intent.split('body=')[1]) : [...new URL(intent).searchParams.values()].join(' ');
    expect(carried).toContain(link);
  });

  it('works without text and refuses what has no share URL', () => {
    expect(shareIntent(link, 'x')).toBe('https://x.com/intent/tweet?url=' + encodeURIComponent(link));
    expect(() => shareIntent(link, 'qr')).toThrow('reftrace: no share intent for "qr" (use the link itself, or qrSvg)');
    expect(() => shareIntent(link, 'copy')).toThrow(TypeError);
    expect(() => shareIntent(link, 'myspace' as Platform)).toThrow('reftrace: no share intent for "myspace"');
    expect(() => shareIntent('javascript:alert(1)', 'x')).toThrow('reftrace: not an http(s) link');
  });
});
