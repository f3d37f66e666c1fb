// The journey in real Firefox (Gecko's cookie, IndexedDB and localStorage): the shared scenarios
// (../shared/journey) and a browser restart on a persistent profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { convertOn, ready, refs } from '../shared/commands';
import { landThenConvert, pendingThenGranted, sharedWithSubdomain } from '../shared/journey';
import { rewrittenBeforeScript } from '../shared/landing';
import { merchantPage } from '../shared/merchant-page';
import { startServer, type TestServer } from '../shared/server';
import { launchFirefox, pageErrors } from './firefox';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  server = await startServer();
  browser = await launchFirefox();
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})));
});
afterAll(async () => {
  await browser?.close();
  expect(server.invalid).toEqual([]);
  await server.close();
});

/** A fresh user context (its own cookies and storage), closed after the test. */
const context = async () => {
  const c = await browser.createBrowserContext();
  contexts.push(c);
  return c;
};
const page = (body = '') => merchantPage({ init: { endpoint: server.url('collect.test', '/collect') }, body });
const conversion = async (orderId: string) =>
  (await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == orderId))[0];

describe('Firefox: the journey', () => {
  /** A fresh user context (its own cookies and storage) with one page, and the context's cookies. */
  const fresh = async () => {
    const c = await context();
    const p = await c.newPage();
    return { p, cookies: () => c.cookies(), errors: pageErrors(p) };
  };

  it('lands with ?ref=, converts on another page, and credits the partner; the journey is in the cookie and IndexedDB', async () => {
    const { p, cookies, errors } = await fresh();
    await landThenConvert(server, p, cookies, errors, 'ff');
  });

  it('credits the partner of a URL the page rewrote before the async script ran', async () => {
    const { p } = await fresh();
    await rewrittenBeforeScript(server, p, 'ff');
  });

  it('keeps the referral across a browser restart (persistent profile)', async () => {
    server.route('/p', page(convertOn('ff-order-restart')));
    const profile = mkdtempSync(join(tmpdir(), 'reftrace-firefox-'));
    try {
      let firefox = await launchFirefox({ profile });
      let p = await firefox.newPage();
      await p.goto(server.url('shop.test', '/p?via=ff_restart_partner'));
      await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == 'ff_restart_partner');
      await ready(p);
      await firefox.close();

      firefox = await launchFirefox({ profile });
      try {
        p = await firefox.newPage();
        await p.goto(server.url('shop.test', '/p'));
        expect(await refs(p)).toEqual(['ff_restart_partner']);
        await p.click('#buy');
        expect((await conversion('ff-order-restart')).award.ref).toBe('ff_restart_partner');
      } finally {
        await firefox.close();
      }
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('shares the journey with another subdomain through the registrable-domain cookie', async () => {
    const { p, cookies } = await fresh();
    await sharedWithSubdomain(server, p, cookies, 'ff');
  });

  it('pending consent stores and sends nothing; granted, it persists and sends the click', async () => {
    const { p, cookies } = await fresh();
    await pendingThenGranted(server, p, cookies, 'ff');
  });
});
