// Storage blocked by Firefox's own settings, not by a script that fakes it: Gecko blocks each layer
// its own way (a SecurityError, or `localStorage` that is simply null), and a visitor who blocks
// everything must still be credited for the page they are on, with nothing thrown into the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertOn } from '../shared/commands';
import { merchantPage } from '../shared/merchant-page';
import { startServer, type TestServer } from '../shared/server';
import { launchFirefox, pageErrors, type Prefs } from './firefox';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  expect(server.invalid).toEqual([]);
  await server.close();
});

/** How each layer answers a page script: its value, or the name of what it throws. */
const probeStorage = () => {
  const probe = (f: () => unknown) => {
    try {
      return f();
    } catch (e) {
      return (e as Error).name;
    }
  };
  return {
    cookie: probe(() => ((document.cookie = 'probe=1'), document.cookie.includes('probe=1'))),
    localStorage: probe(() => localStorage && (localStorage.setItem('probe', '1'), true)),
    indexedDB: probe(() => !!indexedDB.open('probe')),
  };
};

// `dom.indexedDB.enabled` no longer exists in Firefox 153 (it is not among libxul's preference
// names): blocking all cookies is what blocks IndexedDB now.
const settings: [string, Prefs, ReturnType<typeof probeStorage>][] = [
  ['all cookies blocked (cookieBehavior 2)', { 'network.cookie.cookieBehavior': 2 }, { cookie: false, localStorage: 'SecurityError', indexedDB: 'SecurityError' }],
  // DOM storage disabled too: `localStorage` is then null rather than throwing.
  [
    'all cookies blocked and DOM storage disabled (dom.storage.enabled false)',
    { 'network.cookie.cookieBehavior': 2, 'dom.storage.enabled': false },
    { cookie: false, localStorage: null, indexedDB: 'SecurityError' },
  ],
];

describe('Firefox: blocked storage', () => {
  it.each(settings)('%s: throws nowhere and still credits a conversion on the landing page', async (_, prefs, blocked) => {
    const ref = 'ff_blocked_' + Math.random().toString(36).slice(2, 8);
    const orderId = 'ff-blocked-' + ref;
    server.route('/blocked', merchantPage({ init: { endpoint: server.url('collect.test', '/collect') }, body: convertOn(orderId) }));
    const firefox = await launchFirefox({ prefs });
    try {
      const page = await firefox.newPage();
      const errors = pageErrors(page);
      await page.goto(server.url('shop.test', '/blocked?ref=' + ref));
      await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == ref);
      await page.click('#buy');
      const [conversion] = await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == orderId);
      expect(conversion.award.ref).toBe(ref);
      expect(errors).toEqual([]);
      // The setting really blocked what it says (checked after reftrace ran, so its probe cookie is not counted).
      expect(await page.evaluate(probeStorage)).toEqual(blocked);
    } finally {
      await firefox.close();
    }
  });
});
