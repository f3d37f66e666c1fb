// Debian's Firefox ESR driven over WebDriver BiDi by puppeteer-core (playwright-core's `firefox`
// needs Playwright's patched build, which cannot be downloaded here). Everything else a Firefox
// test needs (server, collector, pages) is shared with the Chromium suite in ../shared.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { HOSTS } from '../shared/hosts';

export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

// Firefox has no wildcard host mapping like Chromium's `MAP *.test`: `network.dns.localDomains`
// resolves every listed host to the loopback server.

// On top of puppeteer's test profile (no updates, telemetry or safe-browsing traffic). Cookie
// behaviour stays Firefox's shipped default (5, Total Cookie Protection) unless a test says otherwise.
const PREFS = {
  'network.dns.localDomains': HOSTS.join(','),
  // An HTTP(S)_PROXY in the environment would otherwise swallow the loopback sites.
  'network.proxy.type': 0,
  // The test sites are plain http on a random port; real shops are https, where HTTPS-First changes nothing.
  'dom.security.https_first': false,
  // ...and https makes a page a secure context, where the outbox's tabs coordinate through Web
  // Locks (absent from insecure pages): declaring the test sites secure runs that production path.
  'dom.securecontext.allowlist': HOSTS.join(','),
  // No machine here reaches the internet: keep Firefox from trying in the background.
  'network.connectivity-service.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.trr.mode': 5,
  'browser.region.network.url': '',
  'toolkit.telemetry.server': '',
};

export type Prefs = Record<string, string | number | boolean>;

/** A headless Firefox; `profile` is a directory that keeps cookies and storage across launches. */
export const launchFirefox = ({ prefs = {}, profile }: { prefs?: Prefs; profile?: string } = {}): Promise<Browser> =>
  puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: { ...PREFS, ...prefs },
  });

/** Uncaught errors and console errors of a page, collected from now on. */
export const pageErrors = (page: Page): string[] => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String((e as Error).message ?? e)));
  page.on('console', (m) => m.type() == 'error' && errors.push(m.text()));
  return errors;
};
