// The journey's lifecycle in Firefox: consent answered after the page's own calls, pending reloads
// and subdomain hops, a second tab, a withdrawal heard across tabs (../shared/lifecycle).
import type { Browser, BrowserContext } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  heldConversionAttributed,
  otherTabsTouchCounts,
  pendingReloadOneVisit,
  pendingSubdomainHop,
  resetWhilePending,
  withdrawalAcrossTabs,
} from '../shared/lifecycle';
import { startServer, type TestServer } from '../shared/server';
import { launchFirefox, pageErrors } from './firefox';

let server: TestServer;
let browser: Browser;
let context: BrowserContext | undefined;
let errors: string[][] = [];
beforeAll(async () => {
  server = await startServer();
  browser = await launchFirefox();
});
afterEach(async () => {
  await context?.close().catch(() => {});
  context = undefined;
  expect(errors.flat()).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  expect(server.invalid).toEqual([]);
  await server.close();
});

/** A fresh user context (its own cookies and storage) with `count` tabs, and its cookies. */
const tabs = async (count: number) => {
  const c = (context = await browser.createBrowserContext());
  const pages = [];
  for (let i = 0; i < count; i++) pages.push(await c.newPage());
  errors = pages.map(pageErrors);
  return { pages, cookies: () => c.cookies() };
};

describe('Firefox: consent answered after the page', () => {
  it('attributes a conversion held while consent was pending from the stored journey, once granted', async () => {
    const { pages } = await tabs(1);
    await heldConversionAttributed(server, pages[0], 'ff');
  });

  it('does not take a hop between the shop’s own subdomains for a referral while consent is pending', async () => {
    const { pages, cookies } = await tabs(1);
    await pendingSubdomainHop(server, pages[0], cookies, 'ff');
  });

  it('counts a ?ref= landing loaded again while consent is pending as the same visit', async () => {
    const { pages } = await tabs(1);
    await pendingReloadOneVisit(server, pages[0], 'ff');
  });

  it('writes nothing on reset() while consent is pending', async () => {
    const { pages, cookies } = await tabs(1);
    await resetWhilePending(server, pages[0], cookies, 'ff');
  });
});

describe('Firefox: two tabs', () => {
  it('a conversion sees the other tab’s newer touch, and a save merges with it', async () => {
    const { pages, cookies } = await tabs(2);
    await otherTabsTouchCounts(server, [pages[0], pages[1]], cookies, 'ff');
  });

  it('a withdrawal in one tab holds in the other and starts a new identity', async () => {
    const { pages, cookies } = await tabs(2);
    await withdrawalAcrossTabs(server, [pages[0], pages[1]], cookies, 'ff');
  });
});
