// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';

describe('server-side rendering', () => {
  it('imports and creates a tracker without a window, recording nothing', async () => {
    const reftrace = await import('../../src/index');
    expect(typeof window).toBe('undefined');
    const tracker = reftrace.createTracker({ endpoint: 'https://collect.example/e' });
    await tracker.ready;
    expect(tracker.touchpoints()).toEqual([]);
    expect(tracker.referralId()).toBe('');
    await expect(tracker.flush()).resolves.toBeUndefined();
  });

  it('resolves every call with undefined, so a fire-and-forget call cannot crash the server', async () => {
    const { createTracker } = await import('../../src/index');
    const tracker = createTracker({ endpoint: 'https://collect.example/e' });
    await expect(tracker.convert({ orderId: 'A-1', amount: 1, currency: 'USD' })).resolves.toBeUndefined();
    await expect(tracker.track('signup')).resolves.toBeUndefined();
    await expect(tracker.identify('u-1')).resolves.toBeUndefined();
    await expect(tracker.reset()).resolves.toBeUndefined();
    await expect(tracker.consent('granted')).resolves.toBeUndefined();
  });

  it('says so once in debug mode, and never without it', async () => {
    vi.resetModules();
    const { createTracker } = await import('../../src/index');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await createTracker({ endpoint: '/e' }).convert({ amount: 0 });
      expect(warn).not.toHaveBeenCalled();
      const tracker = createTracker({ endpoint: '/e', debug: true });
      await tracker.convert({ amount: 0 });
      await tracker.track('signup');
      await createTracker({ endpoint: '/e', debug: true }).identify('u-1');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0])).toContain('not in a browser');
    } finally {
      warn.mockRestore();
    }
  });

  it('builds an npm entry that loads in Node without touching browser globals', async () => {
    const { existsSync } = await import('node:fs');
    if (!existsSync('dist/index.js')) return; // built by `npm test` before the unit run
    const built = await import('../../dist/index.js' as string);
    expect(typeof built.createTracker).toBe('function');
  });
});
