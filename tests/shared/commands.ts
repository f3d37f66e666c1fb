// reftrace's script-tag commands as a test gives them, inside a page run by either driver.
import type { Evaluates } from './stored';

/** A button that converts order `id` when clicked, like a checkout page's. */
export const convertOn = (id: string, amount = 10) =>
  `<button id="buy" onclick="reftrace('convert', {orderId: '${id}', amount: ${amount}, currency: 'USD'})">buy</button>`;

/** Resolves once this page's landing is captured and stored. */
export const ready = (page: Evaluates): Promise<void> =>
  page.evaluate(() => new Promise((r) => (window as any).reftrace('ready', () => r(undefined))));

/** Any command, e.g. `command(page, 'consent', 'granted')`; resolves with what its promise resolves. */
export const command = (page: Evaluates, ...args: unknown[]): Promise<unknown> =>
  page.evaluate((a: unknown[]) => (window as any).reftrace(...a), args);

/** `convert` in the page; resolves once durably queued with the event's id and ts, or null when ignored. */
export const convert = (page: Evaluates, orderId: string, amount = 1): Promise<{ id: string; ts: number } | null> =>
  page.evaluate(
    ([orderId, amount]: [string, number]) =>
      (window as any).reftrace('convert', { orderId, amount, currency: 'USD' }).then((e: any) => (e ? { id: e.id, ts: e.ts } : null)),
    [orderId, amount],
  );

/** The referral codes of the journey this page sees, oldest first. */
export const refs = (page: Evaluates): Promise<string[]> =>
  page.evaluate(() => new Promise((r) => (window as any).reftrace('ready', (t: any) => r(t.touchpoints().map((tp: any) => tp.ref)))));

/** `track` in the page; resolves once durably queued with the event's id. */
export const track = (page: Evaluates, name: string, properties: Record<string, unknown> = {}): Promise<string> =>
  page.evaluate(([name, properties]: [string, object]) => (window as any).reftrace('track', name, properties).then((e: any) => e.id), [name, properties]);
