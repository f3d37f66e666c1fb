import { modelByName, type ModelOptions } from '../attribution';
import { createTracker, type Tracker, type TrackerOptions } from '../tracker';
import type { AttributionModel } from '../types';

/** `init` options of the script tag: the tracker's, with the model named by its wire name. */
export type ScriptOptions = Omit<TrackerOptions, 'model'> & { model?: string | AttributionModel; modelOptions?: ModelOptions };

type Api = ((command: string, ...args: unknown[]) => Promise<unknown> | undefined) & { q?: ArrayLike<unknown>[]; loaded?: 1 };

/** `data-*` attributes of the script element, for pages (strict CSP) that cannot run an inline snippet. */
const fromData = (d: DOMStringMap): Partial<ScriptOptions> => ({
  ...(d.endpoint && { endpoint: d.endpoint }),
  ...(d.params && { params: d.params.split(/[\s,]+/) }),
  ...(d.windowDays && { windowDays: +d.windowDays }),
  ...(d.model && { model: d.model }),
  ...(d.cookieDomain && { cookieDomain: d.cookieDomain }),
  ...(d.clicks && { clicks: d.clicks != 'false' }),
  ...(d.debug != null && { debug: true }),
});

/**
 * Turns the `window.reftrace` stub into the live API: replays what the page queued before the
 * script arrived (`init` first, the rest in order) and serves later calls directly. A second
 * copy of the script finds the live API and does nothing, so nothing is tracked twice.
 */
export const boot = (): void => {
  const w = window as unknown as { reftrace?: Api };
  const queued = w.reftrace?.q;
  if (w.reftrace?.loaded) return;
  const data = (document.currentScript as HTMLScriptElement | null)?.dataset || {};
  let tracker: Tracker | undefined;
  let debug = false;
  const waiting: unknown[][] = [];

  const api: Api = (command, ...args) => {
    try {
      if (command == 'init') {
        if (tracker) return;
        const { model, modelOptions, ...options } = { ...fromData(data), ...(args[0] as ScriptOptions) };
        debug = !!options.debug;
        tracker = createTracker({ ...options, ...(model && { model: typeof model == 'string' ? modelByName(model, modelOptions) : model }) });
        waiting.splice(0).forEach((call) => api(...(call as [string])));
        return;
      }
      if (!tracker) return void waiting.push([command, ...args]);
      const live = tracker;
      const result = Promise.resolve().then(() =>
        command == 'ready'
          ? live.ready.then(() => (args[0] as (t: Tracker) => void)(live))
          : (live[command as 'track'] as (...a: unknown[]) => unknown)(...args),
      );
      // Handled here so a rejected command never surfaces as an unhandled rejection in the page.
      result.catch((e) => debug && console.warn('reftrace:', e));
      return result;
    } catch (e) {
      console.warn('reftrace:', e);
    }
  };
  api.loaded = 1;
  w.reftrace = api;

  const calls = Array.from(queued || [], (args) => Array.from(args) as [string, ...unknown[]]);
  const init = calls.find((c) => c[0] == 'init') || (data.endpoint && ['init', {}]);
  if (init) api(...(init as [string]));
  calls.forEach((c) => c != init && api(...c));
};
