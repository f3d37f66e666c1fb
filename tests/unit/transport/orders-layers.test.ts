import { beforeEach, describe, expect, it, vi } from 'vitest';
import { breakStorage } from './helpers';

// An IndexedDB stand-in behind kv.ts (happy-dom has none): one map, calls applied in call order.
const db = new Map<string, unknown>();
const kv = vi.hoisted(() => ({ fail: false }));
vi.mock('../../../src/store/kv', () => ({
  kvUpdate: async (key: string, fn: (old: unknown) => unknown) => {
    if (kv.fail) throw Error('no IndexedDB');
    db.set(key, structuredClone(fn(structuredClone(db.get(key)))));
  },
}));

// Each load is a new page: module state (this page's memory) starts empty.
const page = async () => {
  vi.resetModules();
  return import('../../../src/transport/orders');
};
const wipeCookies = () => document.cookie.split('; ').forEach((c) => (document.cookie = c.split('=')[0] + '=;max-age=0;path=/'));
/** Cookies refused, the way a browser set to block them does: writes vanish, reads find nothing. */
const blockCookies = () => {
  Object.defineProperty(document, 'cookie', { configurable: true, get: () => '', set: () => {} });
  return () => delete (document as any).cookie;
};

beforeEach(() => {
  db.clear();
  kv.fail = false;
  localStorage.clear();
  wipeCookies();
});

describe('an order claimed in every layer', () => {
  it('is remembered by the cookie when localStorage was cleared', async () => {
    expect((await page()).claimOrder('A-1', 30)).toBe(true);
    localStorage.clear();
    kv.fail = true;
    expect((await page()).claimOrder('A-1', 30)).toBe(false);
  });

  it('is remembered by the cookie when localStorage is blocked on every page', async () => {
    const undo = breakStorage('blocked');
    try {
      expect((await page()).claimOrder('A-1', 30)).toBe(true);
      expect((await page()).claimOrder('A-1', 30)).toBe(false);
      expect((await page()).claimOrder('A-2', 30)).toBe(true);
    } finally {
      undo();
    }
  });

  it('is remembered by localStorage when the cookie was cleared', async () => {
    expect((await page()).claimOrder('A-1', 30)).toBe(true);
    wipeCookies();
    expect((await page()).claimOrder('A-1', 30)).toBe(false);
  });

  it('waits for IndexedDB when neither the cookie nor localStorage can keep it', async () => {
    const undo = [breakStorage('blocked'), blockCookies()];
    try {
      expect(await (await page()).claimOrder('A-1', 30)).toBe(true);
      expect(await (await page()).claimOrder('A-1', 30)).toBe(false);
      expect(await (await page()).claimOrder('A-2', 30)).toBe(true);
    } finally {
      undo.forEach((f) => f());
    }
  });

  it('still converts when no layer at all can keep it (the collector de-duplicates by orderId)', async () => {
    const undo = [breakStorage('blocked'), blockCookies()];
    kv.fail = true;
    try {
      const orders = await page();
      expect(await orders.claimOrder('A-1', 30)).toBe(true);
      expect(await orders.claimOrder('A-1', 30)).toBe(false);
    } finally {
      undo.forEach((f) => f());
    }
  });

  it('keeps the cookie short, whatever the order ids, and forgets claims after keepDays', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const orders = await page();
      for (let i = 0; i < 100; i++) orders.claimOrder('order-' + 'x'.repeat(200) + i, 30);
      expect(document.cookie.length).toBeLessThan(400);
      localStorage.clear();
      kv.fail = true;
      // The newest claims stay in the cookie.
      expect((await page()).claimOrder('order-' + 'x'.repeat(200) + 99, 30)).toBe(false);
      vi.setSystemTime(Date.now() + 31 * 864e5);
      localStorage.clear();
      expect((await page()).claimOrder('order-' + 'x'.repeat(200) + 98, 30)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores a hostile cookie', async () => {
    document.cookie = '_reftrace_o=<script>_;path=/';
    expect((await page()).claimOrder('A-1', 30)).toBe(true);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('claims an order id named like an Object member: %s', async (id) => {
    expect((await page()).claimOrder(id, 30)).toBe(true);
    expect((await page()).claimOrder(id, 30)).toBe(false);
    // And by IndexedDB alone.
    const undo = [breakStorage('blocked'), blockCookies()];
    try {
      expect(await (await page()).claimOrder(id, 30)).toBe(false);
    } finally {
      undo.forEach((f) => f());
    }
  });
});
