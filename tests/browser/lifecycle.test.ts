// The journey's lifecycle in Chromium: consent answered after the page's own calls, pending reloads
// and subdomain hops, a second tab, a withdrawal heard across tabs (../shared/lifecycle).
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  heldConversionAttributed,
  otherTabsTouchCounts,
  pendingReloadOneVisit,
  pendingSubdomainHop,
  resetWhilePending,
  withdrawalAcrossTabs,
} from '../shared/lifecycle';
import { launch, startServer, type TestServer } from './harness';

let server: TestServer;
let close: (() => Promise<void>) | undefined;
let errors: string[] = [];
beforeAll(async () => void (server = await startServer()));
afterEach(async () => {
  await close?.();
  close = undefined;
  expect(errors).toEqual([]);
});
afterAll(async () => {
  expect(server.invalid).toEqual([]);
  await server.close();
});

/** A fresh browser (its own storage) and `count` tabs in it, whose uncaught errors fail the test. */
const tabs = async (count: number): Promise<[BrowserContext, ...Page[]]> => {
  const b = await launch(server);
  close = b.close;
  errors = [];
  const pages = [];
  for (let i = 0; i < count; i++) {
    const p = await b.context.newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    pages.push(p);
  }
  return [b.context, ...pages];
};

describe('Chromium: consent answered after the page', () => {
  it('attributes a conversion held while consent was pending from the stored journey, once granted', async () => {
    const [, p] = await tabs(1);
    await heldConversionAttributed(server, p, 'cr');
  });

  it('does not take a hop between the shop’s own subdomains for a referral while consent is pending', async () => {
    const [context, p] = await tabs(1);
    await pendingSubdomainHop(server, p, () => context.cookies(), 'cr');
  });

  it('counts a ?ref= landing loaded again while consent is pending as the same visit', async () => {
    const [, p] = await tabs(1);
    await pendingReloadOneVisit(server, p, 'cr');
  });

  it('writes nothing on reset() while consent is pending', async () => {
    const [context, p] = await tabs(1);
    await resetWhilePending(server, p, () => context.cookies(), 'cr');
  });
});

describe('Chromium: two tabs', () => {
  it('a conversion sees the other tab’s newer touch, and a save merges with it', async () => {
    const [context, a, b] = await tabs(2);
    await otherTabsTouchCounts(server, [a, b], () => context.cookies(), 'cr');
  });

  it('a withdrawal in one tab holds in the other and starts a new identity', async () => {
    const [context, a, b] = await tabs(2);
    await withdrawalAcrossTabs(server, [a, b], () => context.cookies(), 'cr');
  });
});
