import { vi } from 'vitest';

/**
 * A fresh page for a tracker in happy-dom: no cookies, no localStorage, and `fetch` stubbed as the
 * collector, which keeps what arrives in `sent` and answers `status`.
 */
export const freshPage = () => {
  const collector = { sent: [] as any[], status: 204 };
  localStorage.clear();
  document.cookie.split('; ').forEach((c) => (document.cookie = c.split('=')[0] + '=;max-age=0;path=/'));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => (collector.sent.push(...JSON.parse(init.body as string)), new Response(null, { status: collector.status }))),
  );
  return collector;
};

/** A new page load at `path` on the shop's origin (not an SPA route change, which earlier trackers would see). */
export const visit = (path: string) => (window as any).happyDOM.setURL('http://shop.localhost' + path);
