import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker, linear } from '../../src/index';
import { freshPage, visit } from './page';

// happy-dom has no IndexedDB: the store and outbox fall back to cookies, localStorage and memory,
// which is exactly the degraded path a blocked-storage visitor takes.
let sent: any[] = [];
beforeEach(() => {
  sent = freshPage().sent;
  visit('/');
});
afterEach(() => vi.unstubAllGlobals());

describe('createTracker', () => {
  it('captures the landing and sends a click with the documented envelope', async () => {
    visit('/shoes?ref=alice&utm_campaign=spring&token=secret');
    const tracker = createTracker({ endpoint: 'https://collect.example/e' });
    await tracker.ready;
    await tracker.flush();
    const [click] = sent;
    expect(click).toMatchObject({
      type: 'click',
      anonymousId: expect.stringMatching(/^[\w-]{21}$/),
      id: expect.stringMatching(/^[\w-]{21}$/),
      ts: expect.any(Number),
      sentAt: expect.any(Number),
      context: { page: '/shoes', library: { name: 'reftrace', version: expect.stringMatching(/^\d+\.\d+\.\d+/) } },
      touchpoint: { ref: 'alice', channel: 'affiliate', campaign: 'spring', landing: '/shoes?ref=alice&utm_campaign=spring' },
    });
    expect(JSON.stringify(sent)).not.toContain('secret');
  });

  it('converts with exact minor units, attribution and award', async () => {
    visit('/?via=bob');
    const tracker = createTracker({ endpoint: 'https://collect.example/e', model: linear(), clicks: false });
    await tracker.ready;
    const event = await tracker.convert({ orderId: 7, amount: 10.1, currency: 'eur', coupon: 'X' });
    expect(event!.conversion).toEqual({ orderId: '7', type: 'purchase', amount: 1010, currency: 'EUR', coupon: 'X' });
    expect(event!.attribution).toMatchObject({ model: 'linear', credits: [{ ref: 'bob', weight: 1, amount: 1010 }], unattributed: 0 });
    expect(event!.award).toMatchObject({ policy: 'last_click', ref: 'bob' });
    expect(await tracker.convert({ orderId: '7', amount: 1, currency: 'EUR' })).toBeUndefined();
  });

  it('rejects a bad currency or amount with a clear error, never a throw', async () => {
    const tracker = createTracker({ endpoint: '/e' });
    const bad = [tracker.convert({ amount: 5, currency: 'EURO' }), tracker.convert({ amount: NaN, currency: 'USD' }), tracker.convert({ amount: 5 })];
    const results = await Promise.allSettled(bad);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('reftrace: unknown currency "EURO"');
    await expect(tracker.track('')).rejects.toThrow('track needs an event name');
  });

  it('reports an event the endpoint refuses to onError, even when the callback throws', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 400 })));
    const dropped: [string, string | undefined][] = [];
    const onError = (error: Error, event?: { type: string }) => {
      dropped.push([error.message, event?.type]);
      throw Error('merchant bug');
    };
    const tracker = createTracker({ endpoint: '/e', onError });
    await tracker.ready;
    await expect(tracker.track('signup')).resolves.toMatchObject({ type: 'track' });
    await tracker.flush();
    expect(dropped).toEqual([['reftrace: HTTP 400', 'track']]);
  });

  it('needs no currency for an amount of 0, however it is written', async () => {
    const tracker = createTracker({ endpoint: '/e' });
    for (const amount of [0, -0, '0.00', undefined]) {
      const event = await tracker.convert({ type: 'signup', amount });
      expect(event!.conversion).toMatchObject({ type: 'signup', amount: 0 });
      expect(Object.is(event!.conversion.amount, 0)).toBe(true);
    }
    await expect(tracker.convert({ amount: '0.001' })).rejects.toThrow('unknown currency');
    await expect(tracker.convert({ amount: '0x0' })).rejects.toThrow('invalid amount');
  });

  it('keeps the order id for a retry when the conversion cannot be built or serialized', async () => {
    const tracker = createTracker({ endpoint: '/e' });
    const items: any[] = [{}];
    items[0].cart = items;
    await expect(tracker.convert({ orderId: 'B-1', amount: 1, currency: 'USD', items })).rejects.toThrow('circular');
    // A throwing model (the merchant's own) must not spend it either.
    visit('/?ref=alice');
    const boom = createTracker({ endpoint: '/e', clicks: false, model: { name: 'boom', weights: () => { throw Error('boom'); } } });
    await expect(boom.convert({ orderId: 'B-1', amount: 1, currency: 'USD' })).rejects.toThrow('boom');
    expect(await tracker.convert({ orderId: 'B-1', amount: 1, currency: 'USD' })).toBeDefined();
    await tracker.flush();
    expect(sent.filter((e) => e.type == 'conversion').map((e) => e.conversion.orderId)).toEqual(['B-1']);
    // Its storage work is deferred to an idle moment: done here, not in the next test's fresh state.
    await boom.ready;
  });

  it('counts one click for a visit whose pages and routes all keep ?ref=', async () => {
    // The trackers of earlier tests hooked this window's history, and would now store touches of
    // their own like other tabs: a new page load has none of them.
    delete (history as any).pushState;
    delete (history as any).replaceState;
    visit('/shoes?ref=alice');
    await createTracker({ endpoint: '/e' }).ready;
    // A new page of the same site, linked with the parameter kept, then routes of an app that keeps it.
    visit('/shoes/red?ref=alice');
    const tracker = createTracker({ endpoint: '/e' });
    await tracker.ready;
    history.pushState({}, '', '/cart?ref=alice');
    // Trackers of earlier tests live in this window too and see the route change: only this visitor's clicks count.
    const { anonymousId } = (await tracker.track('viewed'))!;
    await tracker.flush();
    const clicks = sent.filter((e) => e.type == 'click' && e.anonymousId == anonymousId);
    expect(clicks.map((e) => e.touchpoint.landing)).toEqual(['/shoes?ref=alice']);
    // Another partner's link is another visit.
    history.pushState({}, '', '/cart?ref=bob');
    expect(tracker.touchpoints().map((t) => [t.ref, t.landing])).toEqual([
      ['alice', '/shoes?ref=alice'],
      ['bob', '/cart?ref=bob'],
    ]);
  });

  it('holds everything in memory while consent is pending, then stores and sends in order', async () => {
    // A host of its own: the registrable domain is cached per host once probed.
    (window as any).happyDOM.setURL('http://pending.localhost/?ref=carol');
    const writes = vi.spyOn(document, 'cookie', 'set');
    const tracker = createTracker({ endpoint: '/e', consent: 'pending' });
    await tracker.ready;
    await tracker.track('viewed');
    // Not even the probe for the registrable domain.
    expect(writes).not.toHaveBeenCalled();
    writes.mockRestore();
    expect(document.cookie).not.toContain('_reftrace=1.');
    expect(localStorage.length).toBe(0);
    expect(sent).toEqual([]);
    await tracker.consent('granted');
    await tracker.flush();
    expect(sent.map((e) => e.type)).toEqual(['click', 'track']);
    expect(document.cookie).toContain('_reftrace=1.');
  });

  it('refuses a consent state it does not know, and keeps the one it had', async () => {
    (window as any).happyDOM.setURL('http://typo.localhost/?ref=dana');
    const tracker = createTracker({ endpoint: '/e', consent: 'pending' });
    await expect(tracker.consent('yes' as never)).rejects.toThrow('consent is granted, pending or denied');
    await tracker.consent('granted');
    await tracker.track('after');
    await tracker.flush();
    expect(sent.map((e) => e.type)).toContain('track');
  });

  it('treats Global Privacy Control as denied by default, and erases storage', async () => {
    localStorage.setItem('reftrace:journey', '{}');
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator), { globalPrivacyControl: true }));
    visit('/?ref=dave');
    const tracker = createTracker({ endpoint: '/e' });
    await tracker.ready;
    expect(await tracker.convert({ amount: 1, currency: 'USD' })).toBeUndefined();
    expect(localStorage.length).toBe(0);
    expect(sent).toEqual([]);
  });

  it('remembers the journey for the next page and forgets it on reset', async () => {
    visit('/?ref=erin');
    const first = createTracker({ endpoint: '/e' });
    await first.ready;
    visit('/checkout');
    const second = createTracker({ endpoint: '/e' });
    await second.ready;
    expect(second.touchpoints().map((t) => t.ref)).toEqual(['erin']);
    await second.reset();
    const third = createTracker({ endpoint: '/e' });
    await third.ready;
    expect(third.touchpoints()).toEqual([]);
  });
});

describe('a hostile landing URL', () => {
  it('does not wipe the journey stored before it', async () => {
    visit('/?ref=alice');
    await createTracker({ endpoint: '/e' }).ready;
    visit('/?utm_source=' + 'a'.repeat(3000));
    await createTracker({ endpoint: '/e' }).ready;
    visit('/checkout');
    const tracker = createTracker({ endpoint: '/e' });
    await tracker.ready;
    expect(tracker.touchpoints().map((t) => t.ref ?? t.source!.length)).toEqual(['alice', 200]);
  });
});

describe('identify', () => {
  it('refuses a user id the store cannot keep, and the journey survives', async () => {
    visit('/?ref=bob');
    const tracker = createTracker({ endpoint: '/e' });
    await tracker.ready;
    await expect(tracker.identify('u'.repeat(257))).rejects.toThrow('identify needs a user id of at most 256 characters');
    await tracker.identify('u'.repeat(256));
    visit('/checkout');
    const next = createTracker({ endpoint: '/e' });
    await next.ready;
    expect(next.touchpoints().map((t) => t.ref)).toEqual(['bob']);
  });
});

describe('identify on page load', () => {
  it('wins over the user id an earlier page stored (the visitor switched accounts)', async () => {
    const first = createTracker({ endpoint: '/e' });
    await first.identify('ann');
    visit('/account');
    const second = createTracker({ endpoint: '/e' });
    await second.identify('ben');
    await second.ready;
    expect((await second.track('viewed'))!.userId).toBe('ben');
    visit('/next');
    const third = createTracker({ endpoint: '/e' });
    await third.ready;
    expect((await third.track('viewed'))!.userId).toBe('ben');
  });
});

describe('a tracker without an endpoint', () => {
  it('says so once, keeps capturing, and throws nothing', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    visit('/?ref=frank');
    const tracker = createTracker({} as never);
    createTracker({ endpoint: 'http://[bad' });
    await tracker.ready;
    expect(error).toHaveBeenCalledTimes(2);
    expect(error).toHaveBeenCalledWith('reftrace: no endpoint');
    expect(tracker.touchpoints().map((t) => t.ref)).toEqual(['frank']);
    await expect(tracker.track('x')).resolves.toMatchObject({ type: 'track' });
    expect(sent).toEqual([]);
    error.mockRestore();
  });
});

describe('referralId', () => {
  it('is the anonymous id every event carries, Stripe-safe, and the same on the next page', async () => {
    visit('/?ref=alice');
    const tracker = createTracker({ endpoint: '/e' });
    const id = tracker.referralId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,200}$/);
    await tracker.ready;
    await tracker.flush();
    expect(sent.map((e) => e.anonymousId)).toEqual([id]);
    visit('/pricing');
    expect(createTracker({ endpoint: '/e' }).referralId()).toBe(id);
  });

  it('exists while consent is pending (in memory) and is the one the held events carry once granted', async () => {
    (window as any).happyDOM.setURL('http://referral-pending.localhost/?ref=bob');
    const tracker = createTracker({ endpoint: '/e', consent: 'pending' });
    await tracker.ready;
    const id = tracker.referralId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,200}$/);
    expect(localStorage.length).toBe(0);
    await tracker.consent('granted');
    await tracker.flush();
    expect(tracker.referralId()).toBe(id);
    expect(sent.map((e) => [e.type, e.anonymousId])).toEqual([['click', id]]);
  });

  it('is a new identity after reset', async () => {
    visit('/?ref=carol');
    const tracker = createTracker({ endpoint: '/e' });
    await tracker.ready;
    const before = tracker.referralId();
    await tracker.reset();
    const after = tracker.referralId();
    expect(after).toMatch(/^[A-Za-z0-9_-]{1,200}$/);
    expect(after).not.toBe(before);
    visit('/next');
    expect(createTracker({ endpoint: '/e' }).referralId()).toBe(after);
  });
});
