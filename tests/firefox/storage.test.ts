// Storage blocked by Firefox's own settings, not by a script that fakes it: Gecko blocks each layer
// its own way (a SecurityError, or `localStorage` that is simply null), and a visitor who blocks
// everything must still be credited for the page they are on, with nothing thrown into the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedStillCredits, type probeStorage } from '../shared/journey';
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
    const firefox = await launchFirefox({ prefs });
    try {
      const page = await firefox.newPage();
      await blockedStillCredits(server, page, pageErrors(page), 'ff', blocked);
    } finally {
      await firefox.close();
    }
  });
});
