// The Chromium half of the real-browser harness: Debian's Chromium driven by playwright-core with
// every `*.test` host mapped to 127.0.0.1 (so `shop.test`, `www.shop.test` and `checkout.test`
// are distinct sites on one machine). The loopback server, the merchant page and the storage
// readers are shared with the Firefox suite and re-exported here for the Chromium tests.
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, TEST_HOSTS } from '../../scripts/chromium.mjs';
import { afterAll, beforeAll, expect } from 'vitest';
import { HOSTS } from '../shared/hosts';
import { startServer, type TestServer } from '../shared/server';

export * from '../shared/merchant-page';
export * from '../shared/stored';
export * from '../shared/server';

// Real shops are https, a secure context, where the outbox's tabs coordinate through Web Locks
// (absent from insecure pages): declaring the test sites secure runs that production path. The
// flag takes exact origins only, so it needs the server's port.
const options = (server: TestServer): LaunchOptions => ({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [...CHROMIUM_ARGS, TEST_HOSTS, '--unsafely-treat-insecure-origin-as-secure=' + HOSTS.map((h) => server.url(h, '')).join(',')],
});

/** A fresh browser with one incognito-like context, for pages of `server`. */
export const launch = async (server: TestServer): Promise<{ browser: Browser; context: BrowserContext; close(): Promise<void> }> => {
  const browser = await chromium.launch(options(server));
  const context = await browser.newContext();
  return { browser, context, close: () => browser.close() };
};

/** A browser with a profile on disk, so cookies and IndexedDB survive `close()` and a relaunch. */
export const launchPersistent = async (userDataDir: string, server: TestServer): Promise<{ context: BrowserContext; close(): Promise<void> }> => {
  const context = await chromium.launchPersistentContext(userDataDir, options(server));
  return { context, close: () => context.close() };
};

/**
 * The loopback server of one test file: started before its tests, closed after them, and every
 * event it received checked against the schema by then. Used like the server itself.
 */
export const fileServer = (): TestServer => {
  let live: TestServer;
  beforeAll(async () => void (live = await startServer()));
  afterAll(async () => {
    expect(live.invalid).toEqual([]);
    await live.close();
  });
  return new Proxy({} as TestServer, {
    get: (_, key) => {
      const value = Reflect.get(live, key);
      return typeof value == 'function' ? value.bind(live) : value;
    },
  });
};
