import { afterEach, describe, expect, it, vi } from 'vitest';
import { landingUrl } from '../../../src/browser/landing-url';

const entries = (...names: string[]) => vi.spyOn(performance, 'getEntriesByType').mockReturnValue(names.map((name) => ({ name }) as PerformanceEntry));
afterEach(() => vi.restoreAllMocks());

describe('landingUrl', () => {
  it('is the URL the navigation loaded, when the page has rewritten its own since', () => {
    (window as any).happyDOM.setURL('https://shop.test/home');
    entries('https://shop.test/landing?ref=alice');
    expect(landingUrl()).toBe('https://shop.test/landing?ref=alice');
  });

  it('is the address bar for an entry from another origin, none, or one that is not a URL', () => {
    (window as any).happyDOM.setURL('https://shop.test/home?ref=bob');
    for (const names of [['https://partner.test/go?ref=alice'], [], ['document'], ['https://shop.test.evil.com/?ref=x']]) {
      entries(...names);
      expect(landingUrl()).toBe('https://shop.test/home?ref=bob');
    }
  });
});
