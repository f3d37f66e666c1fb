// What the React tests share: a page of happy-dom whose collector is a stubbed `fetch`, and a
// component that prints what `useReftrace()` says.
import type { ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, vi } from 'vitest';
import { ReftraceProvider, useReftrace } from '../../../src/react';
import type { TrackerOptions } from '../../../src/tracker';

/** Every event posted to the collector in this test. */
export let sent: any[] = [];
export let container: HTMLElement;
let roots: Root[] = [];

// `fetch` stays stubbed between tests: trackers of earlier tests live on (one per page) and may
// still deliver, and must not reach the network.
export const stubFetch = () =>
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      sent.push(...JSON.parse(init.body as string));
      return new Response(null, { status: 204 });
    }),
  );

beforeEach(() => {
  sent = [];
  localStorage.clear();
  document.cookie.split('; ').forEach((c) => (document.cookie = c.split('=')[0] + '=;max-age=0;path=/'));
  stubFetch();
  container = document.body.appendChild(document.createElement('div'));
});
afterEach(() => {
  roots.forEach((root) => root.unmount());
  roots = [];
  container.remove();
});

/** A new page load. */
export const visit = (path: string) => (window as any).happyDOM.setURL('http://shop.localhost' + path);
/**
 * A collector of its own: the provider keeps one tracker per page and options, and the module
 * lives on between the tests of a file, so a new endpoint is a new page's tracker.
 */
export const endpoint = () => `https://collect.example/${Math.random().toString(36).slice(2)}`;

export const Probe = () => {
  const { ready, touchpoints, referralId } = useReftrace();
  return <p>{`ready=${ready} refs=${touchpoints.map((t) => t.ref).join(',') || '-'} referral=${referralId ? 'id' : '-'}`}</p>;
  // The id itself (random) is compared with the events' by the test that needs it.
};
export const app = (options: TrackerOptions, children: ReactNode = <Probe />) => <ReftraceProvider options={options}>{children}</ReftraceProvider>;
export const text = () => container.textContent;

/** A client-rendered root in `container`, unmounted after the test. */
export const mount = (element: ReactNode): Root => {
  const root = createRoot(container);
  roots.push(root);
  root.render(element);
  return root;
};
/** Tracks a root made elsewhere (hydration), so that it is unmounted after the test. */
export const keep = (root: Root) => (roots.push(root), root);
