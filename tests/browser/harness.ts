// The Chromium half of the real-browser harness: Debian's Chromium driven by playwright-core with
// every `*.test` host mapped to 127.0.0.1 (so `shop.test`, `www.shop.test` and `checkout.test`
// are distinct sites on one machine). The loopback server, the merchant page and the storage
// readers are shared with the Firefox suite and re-exported here for the Chromium tests.
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, TEST_HOSTS } from '../../scripts/chromium.mjs';

export * from '../shared/merchant-page';
export * from '../shared/stored';
export * from '../shared/server';

const LAUNCH: LaunchOptions = { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, TEST_HOSTS] };

/** A fresh browser with one incognito-like context. */
export const launch = async (): Promise<{ browser: Browser; context: BrowserContext; close(): Promise<void> }> => {
  const browser = await chromium.launch(LAUNCH);
  const context = await browser.newContext();
  return { browser, context, close: () => browser.close() };
};

/** A browser with a profile on disk, so cookies and IndexedDB survive `close()` and a relaunch. */
export const launchPersistent = async (userDataDir: string): Promise<{ context: BrowserContext; close(): Promise<void> }> => {
  const context = await chromium.launchPersistentContext(userDataDir, LAUNCH);
  return { context, close: () => context.close() };
};
