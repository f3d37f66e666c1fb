// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { journeyCookieHandler, readJourney, readSignedToken, sign, signedTokenUrl, verify } from '../../../src/server';
import { encodeJourney } from '../../../src/store/codec';
import type { Journey } from '../../../src/types';

const SECRET = 'k1-0123456789abcdef';
const NEXT = 'k2-fedcba9876543210';
const now = Date.now();
const touch = (ref: string, ago = 1000) => ({ id: 'id-' + ref, ts: now - ago, ref, channel: 'affiliate' as const, landing: '/?ref=' + ref });
const journey = (...touchpoints: ReturnType<typeof touch>[]): Journey => ({ anonymousId: 'anon', touchpoints });
const post = (body: string, cookie = '') =>
  new Request('https://shop.com/rt', { method: 'POST', body, headers: { 'sec-fetch-site': 'same-origin', cookie } });
/** The `_reftrace_s=…` pair the handler sets for `body`. */
const serverCookie = async (body: Journey, cookie = '', secret: string | string[] = SECRET) =>
  (await journeyCookieHandler({ secret })(post(encodeJourney(body), cookie))).headers.get('set-cookie')!.split(';')[0];

describe('sign and verify', () => {
  it('round-trips, rotates keys, and catches any change', async () => {
    const signed = await sign('1.abc', SECRET, 'cookie');
    expect(signed).toMatch(/^1\.abc\.[\w-]{43}$/);
    expect(await verify(signed, SECRET, 'cookie')).toEqual({ value: '1.abc', verdict: 'signed' });
    // Rotation: the new secret signs, the old one still verifies what it signed.
    expect((await verify(signed, [NEXT, SECRET], 'cookie')).verdict).toBe('signed');
    expect((await verify(signed, NEXT, 'cookie')).verdict).toBe('tampered');
    expect((await verify(signed.replace('abc', 'abd'), SECRET, 'cookie')).verdict).toBe('tampered');
    expect((await verify(signed.slice(0, -2) + 'AA', SECRET, 'cookie')).verdict).toBe('tampered');
    expect((await verify('1.abc.%%%', SECRET, 'cookie')).verdict).toBe('tampered');
    // A cookie's signature does not pass for a token's.
    expect((await verify(signed, SECRET, 'token')).verdict).toBe('tampered');
  });

  it('refuses a short or missing secret at setup', () => {
    expect(() => journeyCookieHandler({ secret: 'short' })).toThrow(/16 characters/);
    expect(() => journeyCookieHandler({ secret: [] })).toThrow(/16 characters/);
  });
});

describe('a signed journey cookie', () => {
  it('is set by the handler and read back as signed', async () => {
    const cookie = await serverCookie(journey(touch('alice')));
    expect(cookie).toMatch(/^_reftrace_s=1\.[\w-]+\.[\w-]{43}$/);
    // Without the secret it is read as any cookie: a claim.
    expect(readJourney(cookie)).toEqual(journey(touch('alice')));
    const read = await readJourney(cookie, { secret: SECRET });
    expect(read).toEqual({ trust: 'signed', journey: journey(touch('alice')), unverified: [] });
  });

  it('keeps a script-written claim of another partner apart, as unverified', async () => {
    const signed = await serverCookie(journey(touch('alice')));
    const forged = '_reftrace=' + encodeJourney(journey(touch('alice'), touch('mallory', 10)));
    const read = await readJourney(`${forged}; ${signed}`, { secret: SECRET });
    expect(read.trust).toBe('signed');
    expect(read.journey!.touchpoints.map((t) => t.ref)).toEqual(['alice']);
    expect(read.unverified.map((t) => t.ref)).toEqual(['mallory']);
  });

  it('a server cookie edited after signing is tampered and rejected', async () => {
    const signed = await serverCookie(journey(touch('alice')));
    const [name, value] = signed.split('=');
    const [v, , mac] = value.split('.');
    const edited = `${name}=${v}.${encodeJourney(journey(touch('mallory'))).slice(2)}.${mac}`;
    expect(await readJourney(edited + '; _reftrace=' + encodeJourney(journey(touch('mallory'))), { secret: SECRET })).toEqual({ trust: 'tampered', unverified: [] });
    expect((await readJourney(signed, { secret: NEXT })).trust).toBe('tampered');
    expect((await readJourney(signed, { secret: [NEXT, SECRET] })).trust).toBe('signed');
  });

  it('without a signed cookie the journey is the unverified claim of the cookies', async () => {
    const unsigned = '_reftrace_s=' + encodeJourney(journey(touch('alice')));
    expect(await readJourney(unsigned, { secret: SECRET })).toEqual({ trust: 'unverified', journey: journey(touch('alice')), unverified: [] });
    expect(await readJourney('', { secret: SECRET })).toEqual({ trust: 'unverified', journey: undefined, unverified: [] });
  });

  it('signs a new touch only when recent, and keeps what it signed before as it signed it', async () => {
    const first = await serverCookie(journey(touch('alice', 3 * 36e5)));
    // A touch claiming to be 3 hours old arrives for the first time: never signed.
    expect((await readJourney(first, { secret: SECRET })).journey!.touchpoints).toEqual([]);
    const alice = await serverCookie(journey(touch('alice')));
    // Next page: bob's fresh touch joins; alice's touch, rewritten to mallory, keeps its signed form.
    const next = await serverCookie(journey({ ...touch('alice'), ref: 'mallory' }, touch('bob', 10)), alice);
    const read = await readJourney(next, { secret: SECRET });
    expect(read.journey!.touchpoints.map((t) => t.ref)).toEqual(['alice', 'bob']);
  });
});

describe('signed cross-domain tokens', () => {
  const shared = { secret: SECRET, now };
  const j: Journey = { anonymousId: 'anon', userId: 'user-1', touchpoints: [touch('alice')] };

  it('carry the touchpoints to the other domain, never the user id', async () => {
    const url = await signedTokenUrl('https://checkout.com/pay?step=1', j, shared);
    expect(new URL(url).searchParams.get('step')).toBe('1');
    expect(await readSignedToken(url, shared)).toEqual({ anonymousId: 'anon', touchpoints: [touch('alice')] });
    expect(await readSignedToken(new Request(url), { secret: [NEXT, SECRET], now: now + 9 * 6e4 })).toBeDefined();
  });

  it('ignore an unsigned, tampered, expired, future or foreign-key token', async () => {
    const url = new URL(await signedTokenUrl('https://checkout.com/', j, shared));
    const token = url.searchParams.get('_rt')!;
    const [t, v, b, mac] = token.split('.');
    const at = (value: string) => 'https://checkout.com/?_rt=' + encodeURIComponent(value);
    expect(await readSignedToken(at(`${t}.${v}.${b}`), shared)).toBeUndefined();
    expect(await readSignedToken(at(`${t}.${encodeJourney({ anonymousId: 'anon', touchpoints: [touch('mallory')] })}.${mac}`), shared)).toBeUndefined();
    expect(await readSignedToken(at(`${(now - 60e3).toString(36)}.${v}.${b}.${mac}`), shared)).toBeUndefined();
    expect(await readSignedToken(url, { secret: SECRET, now: now + 11 * 6e4 })).toBeUndefined();
    expect(await readSignedToken(url, { secret: SECRET, now: now - 5 * 6e4 })).toBeUndefined();
    expect(await readSignedToken(url, { secret: NEXT, now })).toBeUndefined();
    expect(await readSignedToken('https://checkout.com/', shared)).toBeUndefined();
    // A cookie's signature is not a token's.
    const cookie = await sign(`${t}.${v}.${b}`, SECRET, 'cookie');
    expect(await readSignedToken(at(cookie), shared)).toBeUndefined();
  });
});
