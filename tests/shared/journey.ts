// The journey in a real browser, run the same way in every engine driven without Playwright
// (Firefox over BiDi, WebKitGTK over WebDriver): a partner landing credited on another page, on
// another subdomain, with storage blocked by the browser's own settings, and nothing stored while
// consent is pending. Each scenario takes a fresh
// page (its own cookies and storage) and a `tag` that keeps its routes, refs and orders apart.
import { expect } from 'vitest';
import { decodeJourney } from '../../src/store/codec';
import { command, convertOn, ready, refs } from './commands';
import { merchantPage } from './merchant-page';
import type { Navigates } from './nav-chain';
import type { TestServer } from './server';
import { stored } from './stored';

/** What this needs from a driver's page on top of navigating: a real click. */
export interface Browses extends Navigates {
  click(selector: string): Promise<unknown>;
}

/** The cookies of the page's browser (a context, or the current page's URL). */
export type Cookies = () => Promise<{ name: string; value: string; domain?: string; path?: string; sameSite?: string }[]>;

const page = (server: TestServer, body = '', init: Record<string, unknown> = {}) =>
  merchantPage({ init: { endpoint: server.url('collect.test', '/collect'), ...init }, body });
const journeyCookie = async (cookies: Cookies) => (await cookies()).find((k) => k.name == '_reftrace');
const conversion = async (server: TestServer, orderId: string) =>
  (await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == orderId))[0];

/** Lands with `?ref=`, converts on another page, credits the partner; the journey is in the cookie and IndexedDB. */
export const landThenConvert = async (server: TestServer, p: Browses, cookies: Cookies, errors: string[], tag: string) => {
  const orderId = `${tag}-order-1`;
  server.route(`/${tag}-landing`, page(server));
  server.route(`/${tag}-checkout`, page(server, convertOn(orderId, 49.99)));
  await p.goto(server.url('www.shop.test', `/${tag}-landing?ref=alice&utm_source=newsletter&email=bob%40x.com&gclid=Cj0KCQ`));
  const [click] = await server.waitFor((e) => e.type == 'click' && e.context.page == `/${tag}-landing`);
  expect(click.touchpoint).toMatchObject({ ref: 'alice', channel: 'affiliate', source: 'newsletter', clickIds: { gclid: 'Cj0KCQ' } });
  expect(click.touchpoint.landing).toBe(`/${tag}-landing?ref=alice&gclid=Cj0KCQ&utm_source=newsletter`);
  expect(JSON.stringify(click)).not.toContain('bob');
  await ready(p);
  const { journey, local } = await stored(p);
  expect([journey?.anonymousId, journey?.touchpoints.map((t: any) => t.ref), local]).toEqual([click.anonymousId, ['alice'], ['reftrace:journey']]);
  expect(decodeJourney((await journeyCookie(cookies))?.value)?.anonymousId).toBe(click.anonymousId);

  await p.goto(server.url('www.shop.test', `/${tag}-checkout`));
  await p.click('#buy');
  const event = await conversion(server, orderId);
  expect(event.conversion).toMatchObject({ amount: 4999, currency: 'USD', type: 'purchase' });
  expect(event.anonymousId).toBe(click.anonymousId);
  expect(event.attribution).toEqual({
    model: 'last_touch',
    credits: [{ touchpointId: click.touchpoint.id, ref: 'alice', weight: 1, amount: 4999 }],
    unattributed: 0,
  });
  expect(event.award).toMatchObject({ ref: 'alice', touchpointId: click.touchpoint.id });
  expect(errors).toEqual([]);
};

/** The registrable-domain cookie carries the journey to another subdomain, where IndexedDB and localStorage cannot. */
export const sharedWithSubdomain = async (server: TestServer, p: Browses, cookies: Cookies, tag: string) => {
  const [ref, orderId] = [`${tag}_sub_partner`, `${tag}-order-sub`];
  server.route(`/${tag}-sub`, page(server, convertOn(orderId)));
  await p.goto(server.url('www.shop.test', `/${tag}-sub?ref=${ref}`));
  await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == ref);
  await ready(p);
  // Found by probing: the shortest parent domain that accepts a cookie.
  expect(await journeyCookie(cookies)).toMatchObject({ domain: '.shop.test', path: '/', sameSite: 'Lax' });

  await p.goto(server.url('checkout.shop.test', `/${tag}-sub`));
  expect(await refs(p)).toEqual([ref]);
  await p.click('#buy');
  expect((await conversion(server, orderId)).award.ref).toBe(ref);
};

/** Pending consent stores and sends nothing; granted, it persists and sends the click. */
export const pendingThenGranted = async (server: TestServer, p: Browses, cookies: Cookies, tag: string) => {
  const ref = `${tag}_pending_partner`;
  server.route(`/${tag}-pending`, page(server, '', { consent: 'pending' }));
  const before = server.requests.length;
  await p.goto(server.url('www.shop.test', `/${tag}-pending?ref=${ref}`));
  await ready(p);
  await new Promise((r) => setTimeout(r, 300));
  expect(await cookies()).toEqual([]);
  expect(await stored(p)).toEqual({ databases: [], journey: undefined, local: [], cookie: '' });
  expect(server.requests.length).toBe(before);
  expect(await refs(p)).toEqual([ref]);

  await command(p, 'consent', 'granted');
  const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == ref);
  expect(decodeJourney((await journeyCookie(cookies))?.value)?.anonymousId).toBe(click.anonymousId);
  expect((await stored(p)).journey?.anonymousId).toBe(click.anonymousId);
};

/** How each storage layer answers a page script: its value, or the name of what it throws. */
export const probeStorage = () => {
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

/**
 * A browser whose own settings block storage: nothing is thrown into the page and a conversion on
 * the landing page still credits the partner; `blocked` is what `probeStorage` must then find,
 * checked after reftrace ran (so its own probe cookie is not counted), so that a setting renamed
 * in a later browser version fails the test instead of passing it vacuously.
 */
export const blockedStillCredits = async (server: TestServer, p: Browses, errors: string[], tag: string, blocked: ReturnType<typeof probeStorage>) => {
  const ref = `${tag}_blocked_` + Math.random().toString(36).slice(2, 8);
  const orderId = `${tag}-blocked-${ref}`;
  server.route(`/${tag}-blocked`, page(server, convertOn(orderId)));
  await p.goto(server.url('shop.test', `/${tag}-blocked?ref=${ref}`));
  await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == ref);
  await p.click('#buy');
  expect((await conversion(server, orderId)).award.ref).toBe(ref);
  expect(errors).toEqual([]);
  expect(await p.evaluate(probeStorage)).toEqual(blocked);
};
