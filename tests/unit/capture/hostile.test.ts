// Hostile and random input: capture and the cookie codec must never throw, never keep a
// parameter outside the tracking allowlist, and never let an invalid referral code through.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clickIdNames } from '../../../src/capture/click-ids';
import { readLanding } from '../../../src/capture/landing';
import { SUB_IDS } from '../../../src/capture/sub-ids';
import { decodeJourney, validJourney } from '../../../src/store/codec';

const PARAMS = ['ref', 'via'];
// The documented rule, restated here so the test does not trust the code it checks.
const REFERRAL_CODE = /^[\p{L}\p{N}\-_.~]{1,64}$/u;
const ALLOWED = new Set([...PARAMS, ...clickIdNames(), ...SUB_IDS, ...['source', 'medium', 'campaign', 'term', 'content'].map((k) => 'utm_' + k)]);
const names = fc.oneof(fc.constantFrom(...ALLOWED, 'email', 'token', '__proto__', 'constructor'), fc.string());
const query = fc.array(fc.tuple(names, fc.string({ unit: 'binary' })), { maxLength: 12 });

describe('capture under hostile input', () => {
  it('never throws, keeps only allowlisted parameters, and only valid referral codes', () => {
    fc.assert(
      fc.property(query, fc.string(), fc.string(), (pairs, path, referrer) => {
        const qs = new URLSearchParams(pairs).toString();
        const href = 'https://shop.com/' + encodeURI(path).replace(/[?#]/g, '') + '?' + qs + '#' + qs;
        const { landing } = readLanding(href, referrer, PARAMS, 'shop.com');
        if (!landing) return;
        if (landing.ref != null) expect(landing.ref).toMatch(REFERRAL_CODE);
        // A pathname never holds a raw '?': what follows the first one is the kept query.
        const at = landing.landing.indexOf('?');
        const kept = new URLSearchParams(at < 0 ? '' : landing.landing.slice(at + 1));
        kept.forEach((_, k) => expect(ALLOWED.has(k)).toBe(true));
        expect(landing.landing.length).toBeLessThan(200 + 2 * 256 * ALLOWED.size);
      }),
      { numRuns: 2000 },
    );
  });

  it('captures only what the store accepts back, however long the tracking parameters', () => {
    // One touch the store refuses on the next page makes it refuse the whole journey with it.
    const hostile = [
      [['ref', 'alice'], ['utm_source', 'a'.repeat(3000)]],
      [['utm_content', '𐀀é'.repeat(150)]],
      clickIdNames().map((n) => [n, '='.repeat(256)]),
      SUB_IDS.map((n) => [n, '𐀀'.repeat(50)]),
    ];
    for (const pairs of hostile) {
      const { landing } = readLanding('https://shop.com/' + 'p'.repeat(300) + '?' + new URLSearchParams(pairs), '', PARAMS, 'shop.com');
      expect(validJourney({ anonymousId: 'a', touchpoints: [{ id: 't', ts: 1, ...landing! }] })).toBeDefined();
    }
  });

  it('decodes any cookie value to a valid journey or to nothing, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => '1.' + s), fc.json().map((j) => '1.' + btoa(j))), (value) => {
        expect(() => decodeJourney(value)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});
