import { modelByName, type ModelOptions } from '../attribution';
import type { LoadReport } from '../debug/notes';
import { trackPage, type PageTracker, type Tracker, type TrackerOptions } from '../tracker';
import { idle } from './idle';
import { landingUrl } from './landing-url';
import type { AttributionModel } from '../types';

/** `init` options of the script tag: the tracker's, with the model named by its wire name. */
export type ScriptOptions = Omit<TrackerOptions, 'model'> & { model?: string | AttributionModel; modelOptions?: ModelOptions };

type Api = ((command: string, ...args: unknown[]) => Promise<unknown> | undefined) & { q?: ArrayLike<unknown>[]; loaded?: 1 };

/**
 * Options from the script element's `data-*` attributes, for pages (strict CSP) that cannot run
 * an inline snippet: `data-window-days="60"` is `windowDays: 60`, `data-debug` is `debug: true`,
 * `data-params="ref,via"` a list.
 */
const fromData = (data: DOMStringMap): Partial<ScriptOptions> => {
  const options: Record<string, unknown> = {};
  for (const key in data) {
    const v = data[key]!;
    // `cookieDomain` stays a string: '' is the host-only cookie, not a flag.
    options[key] = key == 'params' ? v.split(/[\s,]+/) : key == 'cookieDomain' ? v : v == 'false' ? false : v == '' || v == 'true' || (isNaN(+v) ? v : +v);
  }
  return options;
};

/**
 * Turns the `window.reftrace` stub into the live API: replays what the page queued before the
 * script arrived (`init` first, the rest in order) and serves later calls. A second copy of the
 * script finds the live API and does nothing, so nothing is tracked twice.
 * While it runs, the script only reads the landing (exactly: the URL and referrer as loaded) and
 * takes the calls: the tracker starts at the first idle moment, so the tag holds the parser no
 * longer than a loader would; or at once if the page goes away first, when a `convert` made
 * meanwhile still reaches the outbox's unload beacon.
 * `extend` lets a larger build turn options of its own into tracker options.
 * Mistakes in the setup (no `init`, an unknown command or model) are said in every mode, briefly.
 */
export const boot = (extend = (options: ScriptOptions) => options): void => {
  const w = window as unknown as { reftrace?: Api };
  const queued = w.reftrace?.q;
  if (w.reftrace?.loaded) return;
  const me = document.currentScript as HTMLScriptElement | null;
  const data = me?.dataset || {};
  // The landing as loaded: the navigation entry, read when the tracker starts, still names it.
  const seen: [string, string] = [location.href, document.referrer];
  // What `init` was given: read, with the `data-*` options, when the tracker starts.
  let options: ScriptOptions | undefined;
  let tracker: PageTracker | undefined;
  // Calls waiting for the tracker, with how to settle what each returned (nothing before `init`).
  const waiting: [unknown[], ((result: unknown) => void)?][] = [];
  // Debug mode's words: reftrace.debug.min.js beside this script, an ES module (fetched with CORS
  // from another origin; unpkg and jsDelivr allow it).
  const load: LoadReport = (notes) =>
    import(new URL('reftrace.debug.min.js', me?.src || location.href).href).then((m: typeof import('../debug/report')) => m.listen(notes));

  const run = ([command, ...args]: unknown[]) => {
    const live = tracker!;
    if (!live.hasOwnProperty(command as string)) return void console.error('reftrace: unknown command', command);
    const result = Promise.resolve(
      command == 'ready' ? live.ready.then(() => (args[0] as (t: Tracker) => void)(live)) : (live[command as 'track'] as (...a: unknown[]) => unknown)(...args),
    );
    // Handled here so a rejected command never surfaces as an unhandled rejection in the page.
    // The tracker puts its commands' failures in the debug report; a `ready` callback that
    // throws is the page's own error, said as if it had run it itself.
    result.catch((e) => command == 'ready' && console.error(e));
    return result;
  };

  const start = () => {
    if (tracker || !options) return;
    const { model, modelOptions, ...rest } = extend({ ...fromData(data), ...options });
    let chosen: AttributionModel | undefined;
    // A misspelt model must not cost the referrals: the default model tracks meanwhile.
    try {
      chosen = typeof model == 'string' ? modelByName(model, modelOptions) : model;
    } catch (e) {
      console.error((e as Error).message);
    }
    tracker = trackPage({ ...rest, ...(chosen && { model: chosen }) }, load, [landingUrl(seen[0]), seen[1]]);
    // Called at once, not in a later task: a `convert` right before navigation must reach the outbox.
    for (const [call, settle] of waiting.splice(0)) {
      try {
        // Run whether or not anyone waits for its result (`settle?.(run(call))` would skip it).
        const result = run(call);
        settle?.(result);
      } catch (e) {
        console.warn('reftrace:', e);
      }
    }
  };
  // The page goes away before the tracker started: it starts now and hands over what it holds.
  const leave = () => !tracker && options && (start(), tracker!._leave());
  addEventListener('pagehide', leave);
  addEventListener('visibilitychange', () => document.hidden && leave());

  const api: Api = (command, ...args) => {
    try {
      if (command == 'init') {
        if (options) return;
        options = (args[0] || {}) as ScriptOptions;
        return void idle(start);
      }
      const call = [command, ...args];
      if (tracker) return run(call);
      if (!options) return void waiting.push([call]);
      const result = new Promise((settle) => waiting.push([call, settle]));
      result.catch(() => {});
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
  // The stub returned nothing for these: they wait for the tracker without a promise of their own.
  calls.forEach((c) => c[0] != 'init' && waiting.push([c]));
  // Without `init` nothing is captured: said once the page has loaded, when the snippet had its chance.
  addEventListener('load', () => options || console.error('reftrace: missing init'));
};
