// @vitest-environment node
import { describe, expect, it } from 'vitest';

describe('server-side rendering', () => {
  it('imports and creates a tracker without a window, recording nothing', async () => {
    const reftrace = await import('../../src/index');
    expect(typeof window).toBe('undefined');
    const tracker = reftrace.createTracker({ endpoint: 'https://collect.example/e' });
    await tracker.ready;
    expect(tracker.touchpoints()).toEqual([]);
    await expect(tracker.convert({ amount: 1, currency: 'USD' })).rejects.toThrow('needs a browser');
    await expect(tracker.flush()).resolves.toBeUndefined();
  });

  it('builds an npm entry that loads in Node without touching browser globals', async () => {
    const { existsSync } = await import('node:fs');
    if (!existsSync('dist/index.js')) return; // built by `npm test` before the unit run
    const built = await import('../../dist/index.js' as string);
    expect(typeof built.createTracker).toBe('function');
  });
});
