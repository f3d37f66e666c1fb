// The journey's lifecycle in WebKitGTK: consent answered after the page's own calls, pending
// reloads and subdomain hops, a second tab (a window of the same MiniBrowser, calls taking turns),
// a withdrawal heard across tabs (../shared/lifecycle).
import { describe, it } from 'vitest';
import {
  heldConversionAttributed,
  otherTabsTouchCounts,
  pendingReloadOneVisit,
  pendingSubdomainHop,
  resetWhilePending,
  withdrawalAcrossTabs,
} from '../shared/lifecycle';
import { newTab, webkitSuite } from './webkit';

const suite = webkitSuite();

describe('WebKitGTK: consent answered after the page', () => {
  it('attributes a conversion held while consent was pending from the stored journey, once granted', async () => {
    await heldConversionAttributed(suite.sites.server, await suite.browser(), 'wk');
  });

  it('does not take a hop between the shop’s own subdomains for a referral while consent is pending', async () => {
    const p = await suite.browser();
    await pendingSubdomainHop(suite.sites.server, p, p.cookies, 'wk');
  });

  it('counts a ?ref= landing loaded again while consent is pending as the same visit', async () => {
    await pendingReloadOneVisit(suite.sites.server, await suite.browser(), 'wk');
  });

  it('writes nothing on reset() while consent is pending', async () => {
    const p = await suite.browser();
    await resetWhilePending(suite.sites.server, p, p.cookies, 'wk');
  });
});

describe('WebKitGTK: two tabs', () => {
  it('a conversion sees the other tab’s newer touch, and a save merges with it', async () => {
    const a = await suite.browser();
    await otherTabsTouchCounts(suite.sites.server, [a, await newTab(a)], a.cookies, 'wk');
  });

  it('a withdrawal in one tab holds in the other and starts a new identity', async () => {
    const a = await suite.browser();
    await withdrawalAcrossTabs(suite.sites.server, [a, await newTab(a)], a.cookies, 'wk');
  });
});
