import { serverCookie } from '../store/server-cookie';
import type { Layer } from '../store/journey-store';
import { decorate, type DecorateOptions } from './cross-domain';
import { boot } from './script';

/*
 * The script-tag build with the opt-in layers (dist/reftrace.full.min.js). `init` takes
 * `serverCookie: '/rt'` and `decorate: { domains: [...] }`, the script element
 * `data-server-cookie="/rt"` and `data-decorate="a.com,*.b.com"`. They become `layers` before the
 * default boot sees the options, so the default build carries none of this.
 */
type Options = { serverCookie?: string; decorate?: DecorateOptions | string; layers?: Layer[] };
type Stub = ((...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; loaded?: 1 };

const w = window as unknown as { reftrace?: Stub };
const data = (document.currentScript as HTMLScriptElement | null)?.dataset || {};

const withLayers = (init: Options = {}): Options => {
  const { serverCookie: path = data.serverCookie, decorate: domains = data.decorate, ...options } = init;
  const layers = [...(options.layers || [])];
  if (path) layers.push(serverCookie(path));
  if (domains) layers.push(decorate(typeof domains == 'string' ? { domains: domains.split(/[\s,]+/) } : domains));
  return { ...options, layers };
};

if (!w.reftrace?.loaded) {
  const calls = Array.from(w.reftrace?.q || [], (args) => Array.from(args));
  // Configured by data attributes alone: the default boot would start from `{}`, without layers.
  if (data.endpoint && !calls.some((c) => c[0] == 'init')) calls.unshift(['init']);
  // The default boot replays `reftrace.q`: hand it the queue with layers added to `init`.
  w.reftrace = { q: calls.map((c) => (c[0] == 'init' ? ['init', withLayers(c[1] as Options)] : c)) } as unknown as Stub;
  boot();
  const live = w.reftrace!;
  w.reftrace = Object.assign((command: unknown, ...args: unknown[]) => live(command, ...(command == 'init' ? [withLayers(args[0] as Options)] : args)), { loaded: 1 as const });
}
