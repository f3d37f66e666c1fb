import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../src/index';

// An IndexedDB stand-in behind kv.ts (happy-dom has none): one map, calls applied in call order,
// as IndexedDB runs transactions in the order they were created.
const db = new Map<string, unknown>();
vi.mock('../../src/store/kv', () => ({
  kvGet: async (key: string) => structuredClone(db.get(key)),
  kvSet: async (key: string, value: unknown) => void db.set(key, structuredClone(value)),
  kvDel: async (key: string) => void db.delete(key),
  kvUpdate: async (key: string, fn: (old: unknown) => unknown) => void db.set(key, structuredClone(fn(structuredClone(db.get(key))))),
  kvErase: async () => db.clear(),
}));

const visit = (path: string) => (window as any).happyDOM.setURL('http://idb.localhost' + path);
const wipeCookieAndLocalStorage = () => {
  localStorage.clear();
  document.cookie.split('; ').forEach((c) => (document.cookie = c.split('=')[0] + '=;max-age=0;path=/'));
};

beforeEach(() => {
  db.clear();
  wipeCookieAndLocalStorage();
  vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })));
});

describe('the journey in IndexedDB', () => {
  it('heals the other layers, even on a page with a new touch', async () => {
    visit('/?ref=alice');
    await createTracker({ endpoint: '/e' }).ready;
    // Cookie and localStorage wiped (a cleaner extension, a full localStorage): only IndexedDB has alice.
    wipeCookieAndLocalStorage();
    visit('/?ref=bob');
    const tracker = createTracker({ endpoint: '/e' });
    await tracker.ready;
    expect(tracker.touchpoints().map((t) => t.ref)).toEqual(['alice', 'bob']);
  });
});
