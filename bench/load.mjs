// Load benchmark: what each tracker's script tag costs the page that loads it, side by side in one
// headless Chromium, interleaved, each page in a fresh browser context (cold cookie jar, storage
// and HTTP cache, as on a first visit). Not a test: it prints numbers.
//
//   npm run bench:load [-- runs=25]          (builds reftrace; installs bench/peers on first use)
//   REFTRACE_SCRIPT=/path/to/reftrace.min.js node bench/load.mjs      (any build of the script tag)
//   node bench/load.mjs only=reftrace      (the floor, Dub's loader as the base and these trackers)
//
// Every tracker gets the same page on `www.shop.test` (a secure context), opened from a
// partner's link (`?ref=bench_partner&utm_source=newsletter`), with in <head>, in this order:
//   <script> mark start </script>
//   <script> [its inline snippet: stub + init + one call, if it has one] </script>
//   <script src="/s/<tracker>.js"></script>        (blocking: no async, no defer)
//   <script> mark end </script>
// and a Chromium trace (devtools.timeline) of the load. On the page's main thread, the outermost
// script events (EvaluateScript, which holds compiling, running and the microtask checkpoint
// after it; v8.compile; FunctionCall, TimerFire, FireIdleCallback, FireAnimationFrame,
// EventDispatch, RunMicrotasks) are summed, outside the two scripts that set the marks, as the
// thread's CPU time (the trace's `tdur`: the machines here are shared, and wall time counts the
// time other processes held the core; the wall time of `blocking` is printed beside it):
//   blocking   those that start between the marks: the snippet and the script element, the
//              microtasks they queue included. This is what holds the parser. Network time,
//              off-thread compiling and other tasks the scheduler runs in between are not counted.
//   later      those that start after the end mark, up to `load` + 1 s: the work a tracker
//              deferred (timers, idle callbacks, IndexedDB, fetch and event callbacks), so that
//              deferring is seen for what it is, not hidden.
// The same measurement for every tracker; an empty script's page is the floor.
// Ratios are to Dub's loader, the lightest peer, run in the same process.
//
// The peers, from npm in bench/peers (their own lockfile, outside CI), each doing the same job:
//   Dub        @dub/analytics's `inject()` (the `dubAnalytics` stub and a deferred <script> from
//              Dub's CDN) and one `trackLead`, bundled. The CDN script itself is not on npm and
//              the CDN is unreachable here, so the injected src is an empty local file: Dub's
//              row is its loader only, as the package ships it.
//   Plausible  @plausible-analytics/tracker: init (a page view) + one event, bundled.
//   Snowplow   @snowplow/browser-tracker: newTracker + page view + one event, bundled.
//   Segment    @segment/analytics-next's standalone script after the standard snippet (page +
//              one track), its settings and lazy chunks served locally.
//   reftrace   the stub + init + one convert, then the script tag.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, TEST_HOSTS } from '../scripts/chromium.mjs';
import { sizes } from '../scripts/compressed-size.mjs';
import { bundle } from './bundle.mjs';

const RUNS = +(process.argv.find((a) => a.startsWith('runs='))?.slice(5) || 25);
const ONLY = process.argv.find((a) => a.startsWith('only='))?.slice(5).split(',');
const SETTLE = 1000;
const HOST = 'www.shop.test';
const root = new URL('..', import.meta.url);
const peers = new URL('peers/', import.meta.url);
const reftraceFile = process.env.REFTRACE_SCRIPT || new URL('dist/reftrace.min.js', root).pathname;

if (!existsSync(reftraceFile)) throw new Error(`${reftraceFile} is missing: run \`npm run build\` (npm run bench:load does) or set REFTRACE_SCRIPT`);
if (!existsSync(new URL('node_modules', peers))) {
  execFileSync('npm', ['ci', '--prefix', peers.pathname, '--ignore-scripts', '--no-audit', '--no-fund'], { stdio: 'inherit' });
}
const peerVersion = (pkg) => JSON.parse(readFileSync(new URL(`node_modules/${pkg}/package.json`, peers))).version;
const segmentDir = new URL('node_modules/@segment/analytics-next/dist/umd/', peers);
const SEGMENT_KEY = 'benchWriteKey';

const trackers = [
  { name: 'empty', what: 'an empty script (the floor)', script: '' },
  {
    name: 'reftrace',
    what: `stub + init + convert, then ${reftraceFile.replace(root.pathname, '')}`,
    snippet: `window.reftrace=window.reftrace||function(){(reftrace.q=reftrace.q||[]).push(arguments)};
reftrace('init',{endpoint:'/collect'});
reftrace('convert',{orderId:'A-1001',amount:49.99,currency:'USD'});`,
    script: readFileSync(reftraceFile),
  },
  {
    name: 'dub',
    what: `@dub/analytics ${peerVersion('@dub/analytics')}: inject() + trackLead, bundled (loader only)`,
    script: await bundle(new URL('load/dub.js', peers).pathname),
  },
  {
    name: 'plausible',
    what: `@plausible-analytics/tracker ${peerVersion('@plausible-analytics/tracker')}: init + track, bundled`,
    script: await bundle(new URL('load/plausible.js', peers).pathname),
  },
  {
    name: 'snowplow',
    what: `@snowplow/browser-tracker ${peerVersion('@snowplow/browser-tracker')}: newTracker + page view + event, bundled`,
    script: await bundle(new URL('load/snowplow.js', peers).pathname),
  },
  {
    name: 'segment',
    what: `@segment/analytics-next ${peerVersion('@segment/analytics-next')}: snippet (page + track) + dist/umd/standalone.js`,
    // The standard snippet's queue, without its async loader: the standalone script is the tag.
    snippet: `!function(){var a=window.analytics=window.analytics||[];a.methods=["trackSubmit","trackClick","trackLink","trackForm","pageview","identify","reset","group","track","ready","alias","debug","page","screen","once","off","on","addSourceMiddleware","addIntegrationMiddleware","setAnonymousId","addDestinationMiddleware","register"];
a.factory=function(e){return function(){var t=Array.prototype.slice.call(arguments);t.unshift(e);a.push(t);return a}};
for(var i=0;i<a.methods.length;i++){var k=a.methods[i];a[k]=a.factory(k)}
a._writeKey=${JSON.stringify(SEGMENT_KEY)};a._cdn=location.origin;a.SNIPPET_VERSION="5.2.0";a.page();a.track("signup",{plan:"pro"})}();`,
    script: readFileSync(new URL('standalone.js', segmentDir)),
  },
].filter((t) => !ONLY || ['empty', 'dub', ...ONLY].includes(t.name));

const html = (t) => `<!doctype html><html><head><meta charset="utf-8"><title>shop</title>
<script>performance.mark('bench:start')</script>
<script>${t.snippet || ''}</script>
<script src="/s/${t.name}.js"></script>
<script>performance.mark('bench:end')</script>
</head><body><h1>A shop</h1><p>A product page a partner linked to.</p></body></html>`;

// Requests each tracker's pages sent home (beacons, settings), by the page that sent them.
const sent = new Map();
let origin;
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const plain = { 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
  if (path.startsWith('/t/')) {
    const t = trackers.find((t) => t.name == path.slice(3));
    res.writeHead(200, { ...plain, 'content-type': 'text/html; charset=utf-8' });
    return res.end(html(t));
  }
  if (path.startsWith('/s/')) {
    const t = trackers.find((t) => t.name + '.js' == path.slice(3));
    res.writeHead(200, { ...plain, 'content-type': 'text/javascript' });
    return res.end(t.script);
  }
  if (path == '/peer/dub-cdn-script.js') return res.writeHead(200, { ...plain, 'content-type': 'text/javascript' }), res.end('');
  if (path == `/v1/projects/${SEGMENT_KEY}/settings`) {
    res.writeHead(200, { ...plain, 'content-type': 'application/json' });
    return res.end(JSON.stringify({ integrations: { 'Segment.io': { apiKey: SEGMENT_KEY, apiHost: `${new URL(origin).host}/v1`, protocol: 'http' } }, metrics: { sampleRate: 0 } }));
  }
  if (path.startsWith('/analytics-next/bundles/')) {
    const file = new URL(path.slice('/analytics-next/bundles/'.length).replace(/[^\w.-]/g, ''), segmentDir);
    if (existsSync(file)) return res.writeHead(200, { ...plain, 'content-type': 'text/javascript' }), res.end(readFileSync(file));
  }
  // Everything else is a tracker phoning home: count it for the page that sent it, answer 204.
  const from = req.headers.referer && new URL(req.headers.referer).pathname.slice(3);
  if (from) sent.set(from, (sent.get(from) || 0) + 1);
  req.resume();
  res.writeHead(204, { ...plain, 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, POST' }).end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
origin = `http://${HOST}:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [...CHROMIUM_ARGS, TEST_HOSTS, `--unsafely-treat-insecure-origin-as-secure=${origin}`],
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// The outermost script work on the page's main thread, from a Chromium trace.
const SCRIPT = new Set(['EvaluateScript', 'v8.compile', 'FunctionCall', 'TimerFire', 'FireIdleCallback', 'FireAnimationFrame', 'EventDispatch', 'RunMicrotasks']);
function scripting(trace) {
  const events = JSON.parse(trace).traceEvents;
  const mark = (name) => events.find((e) => e.name == `bench:${name}`);
  const start = mark('start');
  const end = mark('end');
  const main = events
    .filter((e) => e.ph == 'X' && e.pid == start.pid && e.tid == start.tid)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const sum = { blocking: 0, blockingWall: 0, later: 0 };
  let open = 0; // end of the outermost script event in progress
  for (const e of main) {
    if (!SCRIPT.has(e.name) || e.ts < open) continue;
    open = e.ts + e.dur;
    // The scripts that set the marks are the harness's, not the tracker's.
    if (e.ts < start.ts || (e.ts <= end.ts && open >= end.ts)) continue;
    // tdur: the thread's CPU time, which a machine shared with other work inflates far less
    // than the wall time (dur).
    if (e.ts < end.ts) (sum.blocking += e.tdur ?? e.dur), (sum.blockingWall += e.dur);
    else sum.later += e.tdur ?? e.dur;
  }
  return { blocking: sum.blocking / 1e3, blockingWall: sum.blockingWall / 1e3, later: sum.later / 1e3 };
}

async function measure(t) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing'] });
  await page.goto(`${origin}/t/${t.name}?ref=bench_partner&utm_source=newsletter`, { waitUntil: 'load' });
  await sleep(SETTLE);
  const secure = await page.evaluate(() => isSecureContext);
  const times = scripting((await browser.stopTracing()).toString());
  await context.close();
  if (errors.length) console.warn(`${t.name}: page errors: ${errors.join('; ')}`);
  return { secure, ...times, total: times.blocking + times.later };
}

// Warm-up: the browser process, not the pages (each page starts cold anyway).
for (const t of trackers) await measure(t);
sent.clear();

const results = Object.fromEntries(trackers.map((t) => [t.name, []]));
for (let i = 0; i < RUNS; i++)
  for (let k = 0; k < trackers.length; k++) {
    const t = trackers[(i + k) % trackers.length];
    results[t.name].push(await measure(t));
  }
await browser.close();
server.close();

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const col = (name, key, q = 0.5) => quantile(results[name].map((r) => r[key]), q);
const floor = { blocking: col('empty', 'blocking'), later: col('empty', 'later') };
const base = { blocking: col('dub', 'blocking'), total: col('dub', 'total') };
const fmt = (x) => (Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) + '×' : '—');

const first = results.reftrace[0];
console.log(
  `reftrace load benchmark: ${RUNS} page loads per tracker, interleaved, each in a fresh context; Chromium ${browser.version()} (headless); ` +
    `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; node ${process.version}; ` +
    `secure context: ${first.secure}`,
);
console.log(`floor (the empty script's page): blocking ${fmt(floor.blocking)} ms, later ${fmt(floor.later)} ms (medians; not subtracted)\n`);
console.log('| tracker | measured as | brotli B | blocking CPU, median ms | p90 | vs Dub | blocking wall, median ms | later CPU, to load + 1 s, median ms | blocking + later CPU, median ms | vs Dub | requests sent |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const t of trackers) {
  if (t.name == 'empty') continue;
  const blocking = col(t.name, 'blocking');
  const total = col(t.name, 'total');
  console.log(
    `| ${t.name} | ${t.what} | ${sizes(t.script).brotli} | ${fmt(blocking)} | ${fmt(col(t.name, 'blocking', 0.9))} | ${ratio(blocking, base.blocking)} | ` +
      `${fmt(col(t.name, 'blockingWall'))} | ${fmt(col(t.name, 'later'))} | ${fmt(total)} | ${ratio(total, base.total)} | ${((sent.get(t.name) || 0) / RUNS).toFixed(1)}/page |`,
  );
}
