import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../src/index';

const STRIPE_SAFE = /^[A-Za-z0-9_-]{1,200}$/;
let sent: any[] = [];
beforeEach(() => {
  sent = [];
  localStorage.clear();
  document.cookie.split('; ').forEach((c) => (document.cookie = c.split('=')[0] + '=;max-age=0;path=/'));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => (sent.push(...JSON.parse(init.body as string)), new Response(null, { status: 204 }))),
  );
});

const visit = (url: string) => (window as any).happyDOM.setURL(url);

describe('referralId', () => {
  it('is the anonymous id every event carries, Stripe-safe, and the same on the next page', async () => {
    visit('http://shop.localhost/?ref=alice');
    const tracker = createTracker({ endpoint: '/e' });
    const id = tracker.referralId();
    expect(id).toMatch(STRIPE_SAFE);
    await tracker.ready;
    await tracker.flush();
    expect(sent.map((e) => e.anonymousId)).toEqual([id]);
    visit('http://shop.localhost/pricing');
    expect(createTracker({ endpoint: '/e' }).referralId()).toBe(id);
  });

  it('exists while consent is pending (in memory) and is the one the held events carry once granted', async () => {
    visit('http://referral-pending.localhost/?ref=bob');
    const tracker = createTracker({ endpoint: '/e', consent: 'pending' });
    await tracker.ready;
    const id = tracker.referralId();
    expect(id).toMatch(STRIPE_SAFE);
    expect(localStorage.length).toBe(0);
    await tracker.consent('granted');
    await tracker.flush();
    expect(tracker.referralId()).toBe(id);
    expect(sent.map((e) => [e.type, e.anonymousId])).toEqual([['click', id]]);
  });

  it('is a new identity after reset', async () => {
    visit('http://shop.localhost/?ref=carol');
    const tracker = createTracker({ endpoint: '/e' });
    await tracker.ready;
    const before = tracker.referralId();
    await tracker.reset();
    const after = tracker.referralId();
    expect(after).toMatch(STRIPE_SAFE);
    expect(after).not.toBe(before);
    visit('http://shop.localhost/next');
    expect(createTracker({ endpoint: '/e' }).referralId()).toBe(after);
  });
});
