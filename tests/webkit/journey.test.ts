// The journey in WebKitGTK (Safari's engine: its cookie jar, IndexedDB and localStorage), the
// scenarios every engine runs (../shared/journey). Each test gets its own MiniBrowser: automation
// mode keeps storage in memory, so a new browser is a fresh profile, and a restart loses everything.
import { describe, expect, it } from 'vitest';
import { ready } from '../shared/commands';
import { blockedStillCredits, landThenConvert, pendingThenGranted, sharedWithSubdomain } from '../shared/journey';
import { rewrittenBeforeScript } from '../shared/landing';
import { merchantPage } from '../shared/merchant-page';
import { webkitSuite } from './webkit';

const suite = webkitSuite();

describe('WebKitGTK: the journey', () => {
  it('lands with ?ref=, converts on another page, and credits the partner; the journey is in the cookie and IndexedDB', async () => {
    const p = await suite.browser();
    await landThenConvert(suite.sites.server, p, p.cookies, suite.sites.errors, 'wk');
  });

  it('credits the partner of a URL the page rewrote before the async script ran', async () => {
    const p = await suite.browser();
    await rewrittenBeforeScript(suite.sites.server, p, 'wk');
  });

  it('shares the journey with another subdomain through the registrable-domain cookie', async () => {
    const p = await suite.browser();
    await sharedWithSubdomain(suite.sites.server, p, p.cookies, 'wk');
    // The sites are https, as real shops are: the cookie is Secure there.
    expect((await p.cookies()).find((c) => c.name == '_reftrace')?.secure).toBe(true);
  });

  it('pending consent stores and sends nothing; granted, it persists and sends the click', async () => {
    const p = await suite.browser();
    await pendingThenGranted(suite.sites.server, p, p.cookies, 'wk');
  });

  // MiniBrowser can refuse every cookie and turn localStorage off (it is then null), but has no
  // setting for IndexedDB, which stays: the journey and the outbox live there alone.
  it('cookies and localStorage blocked by MiniBrowser settings: throws nowhere and still credits a conversion on the landing page', async () => {
    suite.sites.errors.length = 0;
    const p = await suite.browser(['--cookies-policy=never', '--enable-html5-local-storage=false']);
    await blockedStillCredits(suite.sites.server, p, suite.sites.errors, 'wk', { cookie: false, localStorage: null, indexedDB: true });
  });
});

describe('WebKitGTK: what it does not reproduce of Safari', () => {
  // Safari caps cookies written by script at 7 days under ITP (docs/storage.md). MiniBrowser has an
  // --enable-itp flag, but WebKitGTK applies no such cap with it: the journey cookie keeps the
  // window's lifetime. Were this ever to change, the ITP claims in docs/storage.md could be tested here.
  it('with --enable-itp, the journey cookie still lives windowDays (30), not 7', async () => {
    const p = await suite.browser(['--enable-itp']);
    const { server } = suite.sites;
    server.route('/wk-itp', merchantPage({ init: { endpoint: server.url('collect.test', '/collect') } }));
    await p.goto(server.url('www.shop.test', '/wk-itp?ref=wk_itp_partner'));
    await ready(p);
    const cookie = (await p.cookies()).find((c) => c.name == '_reftrace');
    const days = ((cookie?.expiry ?? 0) * 1000 - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
  });
});
