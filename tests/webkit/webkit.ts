// Debian's WebKitGTK (the engine of Safari) driven by its WebDriver, WebKitWebDriver, through
// selenium-webdriver: MiniBrowser in automation mode, under Xvfb (`npm run test:webkit` starts
// one). WebKitWebDriver speaks classic WebDriver only (no BiDi in 2.50): no network emulation, no
// console events, one window at a time. Everything else a test needs is shared in ../shared.
import { existsSync, readdirSync } from 'node:fs';
import { Builder, By, type WebDriver } from 'selenium-webdriver';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { DriverService } from 'selenium-webdriver/remote';
import type { Navigates } from '../shared/nav-chain';
import { startServer, type TestServer } from '../shared/server';
import { startProxy } from './proxy';

export const WEBKIT_WEBDRIVER = process.env.WEBKIT_WEBDRIVER_PATH || '/usr/bin/WebKitWebDriver';

/** MiniBrowser ships in libwebkit2gtk-4.1-0, under the multiarch directory (x86_64-linux-gnu, aarch64-linux-gnu…). */
export const MINIBROWSER =
  process.env.MINIBROWSER_PATH ||
  readdirSync('/usr/lib')
    .map((d) => `/usr/lib/${d}/webkit2gtk-4.1/MiniBrowser`)
    .find(existsSync) ||
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

// Pages report their own uncaught errors, rejections and console errors: WebDriver classic cannot
// listen for them, and MiniBrowser's console-to-stdout setting stays silent in automation mode.
const ERROR_PROBE =
  `<script>(function(){var r=function(m){navigator.sendBeacon('/__errors',String(m))};` +
  `addEventListener('error',function(e){r(e.message)});addEventListener('unhandledrejection',function(e){r(e.reason&&e.reason.message||e.reason)});` +
  `var c=console.error;console.error=function(){r([].join.call(arguments,' '));return c.apply(console,arguments)}})()</script>`;

export interface WebKitSites {
  /** The shared loopback server, handing out `https://` URLs. */
  server: TestServer;
  /** What pages reported through the probe, in arrival order. */
  errors: string[];
  /** The forward proxy MiniBrowser reaches every site through. */
  proxy: string;
  close(): Promise<void>;
}

/** The loopback server behind the TLS proxy, with every page reporting its errors. */
export const startSites = async (): Promise<WebKitSites> => {
  const server = await startServer({ scheme: 'https', head: ERROR_PROBE });
  const errors: string[] = [];
  server.route('/__errors', (_req, res, body) => (errors.push(body), res.end()));
  const proxy = await startProxy(server.port);
  return { server, errors, proxy: proxy.url, close: () => proxy.close().then(() => server.close()) };
};

export interface CookieLike {
  name: string;
  value: string;
  domain?: string;
  path?: string;
  secure?: boolean;
  sameSite?: string;
  /** Seconds since the epoch; absent for a session cookie. */
  expiry?: number;
}

/** The page of a WebDriver session, shaped like puppeteer's and playwright's where the shared scenarios need it. */
export interface WebKitPage extends Navigates {
  click(selector: string): Promise<void>;
  /** The cookies the current page's URL would be sent. */
  cookies(): Promise<CookieLike[]>;
  driver: WebDriver;
}

// Runs `fn(arg)` in the page and hands back what it resolves to; `undefined` survives the trip
// (WebDriver would turn it into null), and a rejection becomes an error here, as with puppeteer.
const evaluate = (fn: (arg: any) => unknown) => `var arg = arguments[0], done = arguments[1];
Promise.resolve().then(function () { return (${fn})(arg); })
  .then(function (v) { done(v === undefined ? {} : { v: v }); }, function (e) { done({ error: String(e && e.stack || e) }); });`;

// WebDriver acts on one window at a time: each page's call switches to its window first, and the
// calls of one session run one after the other, so two tabs' calls cannot interleave.
const turns = new WeakMap<WebDriver, Promise<unknown>>();

/** The window `handle` of `driver`'s browser as a page. */
const page = (driver: WebDriver, handle: string): WebKitPage => {
  const on = <T>(work: () => Promise<T>): Promise<T> => {
    const turn = (turns.get(driver) || Promise.resolve()).then(() => driver.switchTo().window(handle)).then(work);
    turns.set(driver, turn.catch(() => {}));
    return turn;
  };
  return {
    driver,
    goto: (url) => on(() => driver.get(url)),
    url: () => on(() => driver.getCurrentUrl()),
    evaluate: (fn, arg) =>
      on(async () => {
        const r: { v?: unknown; error?: string } = await driver.executeAsyncScript(evaluate(fn), arg ?? null);
        if (r.error) throw Error(r.error);
        return r.v;
      }),
    click: (selector) => on(() => driver.findElement(By.css(selector)).click()),
    cookies: () => on(() => driver.manage().getCookies() as Promise<CookieLike[]>),
  };
};

/** Another tab of the same browser, sharing its cookies and storage. */
export const newTab = async ({ driver }: WebKitPage): Promise<WebKitPage> => {
  await (turns.get(driver) || Promise.resolve());
  await driver.switchTo().newWindow('tab');
  return page(driver, await driver.getWindowHandle());
};

/**
 * A MiniBrowser of its own WebKitWebDriver, every request through `proxy`. Automation mode always
 * runs on an ephemeral data store: nothing survives `close()`. `args` are more MiniBrowser flags.
 */
export const launchWebKit = async (proxy: string, args: string[] = []): Promise<{ page: WebKitPage; close(): Promise<void> }> => {
  const service = new DriverService.Builder(WEBKIT_WEBDRIVER).setLoopback(true).build();
  const url = await service.start();
  try {
    const driver = await new Builder()
      .usingServer(url)
      .withCapabilities({
        browserName: 'MiniBrowser',
        // The throwaway certificate of the proxy (./proxy.ts).
        acceptInsecureCerts: true,
        // MiniBrowser's own flag, not the `proxy` capability: WebKitWebDriver turns `sslProxy` into a
        // TLS connection to the proxy itself, whose certificate no capability makes acceptable.
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', `--proxy=${proxy}`, ...args] },
      })
      .build();
    return {
      page: page(driver, await driver.getWindowHandle()),
      close: async () => {
        await driver.quit().catch(() => {});
        await service.kill();
      },
    };
  } catch (e) {
    await service.kill();
    throw e;
  }
};

/**
 * The hooks of a WebKit test file: the sites for the whole file, checked against the wire format
 * at the end, and `browser(args)`, a fresh MiniBrowser (a fresh profile) closed after each test.
 */
export const webkitSuite = () => {
  let close: (() => Promise<void>) | undefined;
  const suite = {
    sites: undefined as unknown as WebKitSites,
    browser: async (args: string[] = []) => {
      const b = await launchWebKit(suite.sites.proxy, args);
      close = b.close;
      return b.page;
    },
  };
  beforeAll(async () => void (suite.sites = await startSites()));
  afterEach(async () => {
    suite.sites.server.mode = 'ok';
    await close?.();
    close = undefined;
  });
  afterAll(async () => {
    expect(suite.sites.server.invalid).toEqual([]);
    await suite.sites.close();
  });
  return suite;
};
