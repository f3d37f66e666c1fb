import { beforeEach, describe, expect, it, vi } from 'vitest';
import { breakStorage } from './helpers';

const DAY = 864e5;
// Claims live in localStorage (synchronous, shared by the origin's tabs), else in memory, and in
// the cookie (orders-layers.test.ts): each test starts without either.
const load = async () => (await import('../../../src/transport/orders')).claimOrder;
const wipeCookies = () => document.cookie.split('; ').forEach((c) => (document.cookie = c.split('=')[0] + '=;max-age=0;path=/'));

describe('claimOrder', () => {
  beforeEach(() => {
    localStorage.clear();
    wipeCookies();
    vi.resetModules();
    vi.useRealTimers();
  });

  it('is true the first time, false after', async () => {
    const claimOrder = await load();
    expect(await claimOrder('A-1', 30)).toBe(true);
    expect(await claimOrder('A-1', 30)).toBe(false);
    expect(await claimOrder('A-2', 30)).toBe(true);
  });

  it('remembers across a reload', async () => {
    expect(await (await load())('A-1', 30)).toBe(true);
    vi.resetModules();
    expect(await (await load())('A-1', 30)).toBe(false);
  });

  it('forgets an order after keepDays, not before', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const claimOrder = await load();
    expect(await claimOrder('A-1', 30)).toBe(true);
    vi.setSystemTime(Date.now() + 29 * DAY);
    expect(await claimOrder('A-1', 30)).toBe(false);
    vi.setSystemTime(Date.now() + 2 * DAY);
    expect(await claimOrder('A-1', 30)).toBe(true);
  });

  it('lets exactly one of two concurrent claims win', async () => {
    const claimOrder = await load();
    const wins = await Promise.all([claimOrder('B', 30), claimOrder('B', 30), claimOrder('B', 30)]);
    expect(wins.filter(Boolean)).toHaveLength(1);
  });
});

describe('claimOrder without localStorage', () => {
  it.each(['full', 'blocked'] as const)('still refuses a second claim on this page when storage is %s', async (how) => {
    vi.resetModules();
    localStorage.clear();
    wipeCookies();
    const claimOrder = await load();
    const undo = breakStorage(how);
    try {
      expect(claimOrder('C', 30)).toBe(true);
      expect(claimOrder('C', 30)).toBe(false);
      expect(claimOrder('D', 30)).toBe(true);
    } finally {
      undo();
    }
    expect(localStorage.getItem('reftrace:orders')).toBeNull();
  });
});
