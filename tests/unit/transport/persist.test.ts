import { beforeEach, describe, expect, it, vi } from 'vitest';
import { breakStorage } from './helpers';

// A stand-in IndexedDB behind kv.ts: one map, each update applied atomically.
const db = new Map<string, unknown>();
const kv = vi.hoisted(() => ({ fail: false, during: () => {} }));
vi.mock('../../../src/store/kv', () => ({
  kvUpdate: async (key: string, fn: (old: unknown) => unknown) => {
    if (kv.fail) throw Error('reftrace: IndexedDB timed out');
    const value = structuredClone(fn(structuredClone(db.get(key))));
    // What another tab does between this update's read and its commit.
    kv.during();
    db.set(key, value);
  },
}));

const load = async () => (await import('../../../src/transport/persist')).persist;

describe('persist', () => {
  beforeEach(() => {
    db.clear();
    localStorage.clear();
    kv.fail = false;
    kv.during = () => {};
    vi.resetModules();
  });

  it('writes to IndexedDB when it works', async () => {
    const persist = await load();
    await persist<number>('k', (box) => (box.a = 1));
    await persist<number>('k', (box) => (box.b = box.a + 1));
    expect(db.get('k')).toEqual({ a: 1, b: 2 });
    expect(localStorage.getItem('reftrace:k')).toBeNull();
  });

  it('falls back to localStorage, and stays there for the page', async () => {
    const persist = await load();
    kv.fail = true;
    await persist<number>('k', (box) => (box.a = 1));
    kv.fail = false;
    await persist<number>('k', (box) => (box.b = 2));
    expect(JSON.parse(localStorage.getItem('reftrace:k')!)).toEqual({ a: 1, b: 2 });
    expect(db.has('k')).toBe(false);
  });

  it('keeps what another tab added to localStorage while the merge was being written', async () => {
    localStorage.setItem('reftrace:k', JSON.stringify({ ls: 1 }));
    kv.during = () => localStorage.setItem('reftrace:k', JSON.stringify({ ls: 1, other: 2 }));
    const persist = await load();
    await persist<number>('k', (box) => (box.new = 1));
    expect(db.get('k')).toEqual({ ls: 1, new: 1 });
    expect(JSON.parse(localStorage.getItem('reftrace:k')!)).toEqual({ other: 2 });
  });

  it('merges what localStorage held into IndexedDB on a later page, then clears it', async () => {
    db.set('k', { idb: 1 });
    localStorage.setItem('reftrace:k', JSON.stringify({ ls: 1 }));
    const persist = await load();
    await persist<number>('k', (box) => (box.new = 1));
    expect(db.get('k')).toEqual({ ls: 1, idb: 1, new: 1 });
    expect(JSON.parse(localStorage.getItem('reftrace:k') || '{}')).toEqual({});
  });

  it.each(['full', 'blocked'] as const)('falls back to memory when localStorage is %s', async (how) => {
    const persist = await load();
    kv.fail = true;
    const undo = breakStorage(how);
    try {
      await persist<number>('m', (box) => (box.a = 1));
      let seen: unknown;
      await persist<number>('m', (box) => (seen = { ...box }));
      expect(seen).toEqual({ a: 1 });
    } finally {
      undo();
    }
    expect(localStorage.getItem('reftrace:m')).toBeNull();
  });
});
