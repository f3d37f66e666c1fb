// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fromReferralId, isReferralId, type Journey } from '../../../src/server';

const journey: Journey = { anonymousId: 'V1StGXR8_Z5jdHi6B-myT', touchpoints: [{ id: 't1', ts: 1, ref: 'alice', channel: 'affiliate', landing: '/?ref=alice' }] };

describe('fromReferralId', () => {
  it('is Stripe-safe: letters, digits, _ and -, 1 to 200', () => {
    expect(['a', 'V1StGXR8_Z5jdHi6B-myT', 'x'.repeat(200)].every(isReferralId)).toBe(true);
    expect(['', 'x'.repeat(201), 'a b', 'a/b', '../x', 'é', 'a\n', 42, null].some(isReferralId)).toBe(false);
  });

  it('asks the collector with the admin token, and validates its answer', async () => {
    const asked: Request[] = [];
    const collector: typeof fetch = async (url, init) => {
      asked.push(new Request(url, init));
      return new URL(String(url)).pathname.endsWith('/V1StGXR8_Z5jdHi6B-myT') ? Response.json({ ...journey, extra: 1 }) : Response.json({ error: 'unknown' }, { status: 404 });
    };
    const source = { collector: 'https://collect.example/base', token: 'tok', fetch: collector };
    expect(await fromReferralId('V1StGXR8_Z5jdHi6B-myT', source)).toEqual(journey);
    expect(await fromReferralId('nobody', source)).toBeUndefined();
    expect(asked.map((r) => [r.url, r.headers.get('authorization')])).toEqual([
      ['https://collect.example/base/api/journeys/V1StGXR8_Z5jdHi6B-myT', 'Bearer tok'],
      ['https://collect.example/base/api/journeys/nobody', 'Bearer tok'],
    ]);
    await expect(fromReferralId('x', { ...source, fetch: async () => new Response('', { status: 503 }) })).rejects.toThrow('answered 503');
  });

  it('uses a lookup function, and refuses a malformed or foreign journey and a bad id', async () => {
    expect(await fromReferralId(journey.anonymousId, async () => journey)).toEqual(journey);
    expect(await fromReferralId('someone', () => undefined)).toBeUndefined();
    await expect(fromReferralId('someone', async () => journey)).rejects.toThrow(TypeError);
    await expect(fromReferralId(journey.anonymousId, async () => ({ ...journey, touchpoints: [{}] }) as Journey)).rejects.toThrow('malformed');
    await expect(fromReferralId('../admin', async () => journey)).rejects.toThrow('a referral id is 1 to 200 letters');
    await expect(fromReferralId('abc', {} as any)).rejects.toThrow('needs a lookup function');
  });
});
