import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../../src/index';
import { freshPage, visit } from '../page';

// happy-dom has no IndexedDB: orders are claimed in the cookie, localStorage and memory.
let sent: any[] = [];
beforeEach(() => {
  sent = freshPage().sent;
  visit('/?ref=alice');
});
afterEach(() => vi.unstubAllGlobals());

describe('conversion input', () => {
  it('takes a numeric coupon, order id and type the way a string is written, and awards the coupon', async () => {
    const tracker = createTracker({ endpoint: '/e', clicks: false, award: { coupons: { '2024': 'carol' }, couponOverridesClick: true } });
    await tracker.ready;
    const event = await tracker.convert({ orderId: 1001, coupon: 2024 as unknown as string, amount: 5, currency: ' usd ', type: 7 as unknown as string });
    expect(event!.conversion).toEqual({ orderId: '1001', type: '7', amount: 500, currency: 'USD', coupon: '2024' });
    expect(event!.award).toMatchObject({ ref: 'carol', reason: 'coupon' });
    await tracker.flush();
    expect(sent.find((e) => e.type == 'conversion').conversion.coupon).toBe('2024');
  });

  it('trims identifiers, so one order written two ways converts once', async () => {
    const tracker = createTracker({ endpoint: '/e', clicks: false });
    expect((await tracker.convert({ orderId: ' A-1\n', coupon: ' SPRING ' }))!.conversion).toMatchObject({ orderId: 'A-1', coupon: 'SPRING' });
    expect(await tracker.convert({ orderId: 'A-1' })).toBeUndefined();
  });

  it('keeps a single item that is not in a list', async () => {
    const tracker = createTracker({ endpoint: '/e', clicks: false });
    expect((await tracker.convert({ items: { sku: 'x' } as unknown as unknown[] }))!.conversion.items).toEqual([{ sku: 'x' }]);
  });

  it('rejects with a clear error what cannot be an identifier or a currency', async () => {
    const tracker = createTracker({ endpoint: '/e', clicks: false });
    await expect(tracker.convert({ orderId: { id: 1 } as unknown as string })).rejects.toThrow('reftrace: orderId must be a string or number');
    await expect(tracker.convert({ orderId: 'x'.repeat(257) })).rejects.toThrow('at most 256 characters');
    await expect(tracker.convert({ amount: 5, currency: 978 as unknown as string })).rejects.toThrow('reftrace: unknown currency "978"');
  });

  it('identifies a numeric user id', async () => {
    const tracker = createTracker({ endpoint: '/e', clicks: false });
    expect(await tracker.identify(42 as unknown as string)).toMatchObject({ type: 'identify', userId: '42' });
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('converts an order id named like an Object member: %s, once', async (orderId) => {
    const tracker = createTracker({ endpoint: '/e', clicks: false });
    expect(await tracker.convert({ orderId })).toMatchObject({ conversion: { orderId } });
    expect(await tracker.convert({ orderId })).toBeUndefined();
    // And on the next page, from storage.
    expect(await createTracker({ endpoint: '/e', clicks: false }).convert({ orderId })).toBeUndefined();
  });
});
