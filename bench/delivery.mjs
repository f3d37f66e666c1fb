// Delivery benchmark: reftrace's `convert()` against a plain `navigator.sendBeacon()` of a
// payload the same size, side by side in one page of one Chromium, interleaved, to one loopback
// collector. Not a test: it prints numbers.
//
//   npm run build && node bench/delivery.mjs [conversions=50]
//
// Measured per event:
//   latency    call → arrival at the collector (page and server share the machine's clock;
//              performance.timeOrigin + performance.now() on both sides).
//   sync       time spent synchronously inside the call (performance.now() around it).
//   queued     reftrace only: call → the promise resolves (durably queued).
//   main       main-thread task time (CDP Performance.getMetrics TaskDuration) from just before
//              the call until 100 ms after arrival, minus the median of an idle arm measured the
//              same way (what the measuring itself costs).
//   long tasks PerformanceObserver('longtask') entries (≥ 50 ms) during the whole run, per arm.
// Then, with the collector refusing connections (as in the browser suite's "endpoint down for
// good" test, which asserts the behaviour): 1,000 `track()` calls in one loop, and a setTimeout(0)
// probe's longest gap and p99 gap over the calls and the 3 s of failing rounds after them.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { createCollector } from '../examples/collector/collector.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH, TEST_HOSTS } from '../scripts/chromium.mjs';

const RUNS = +(process.argv[2] || 50);
const WARMUP = 5;
const SETTLE = 100;

const script = readFileSync(new URL('../dist/reftrace.min.js', import.meta.url));
const now = () => performance.timeOrigin + performance.now();
const arrivedAt = new Map();
let refusing = false;
const collector = createCollector({ onArrival: (e) => arrivedAt.has(e.id) || arrivedAt.set(e.id, now()) });
let port;
const page = () => `<!doctype html><html><head><meta charset="utf-8"><script>
window.reftrace=window.reftrace||function(){(reftrace.q=reftrace.q||[]).push(arguments)};
reftrace('init', { endpoint: 'http://collect.test:${port}/collect' });
window.__long = [];
try { new PerformanceObserver((l) => l.getEntries().forEach((e) => __long.push([e.startTime, e.duration]))).observe({ type: 'longtask' }); } catch {}
</script><script async src="/reftrace.min.js"></script></head><body>bench</body></html>`;
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path == '/collect') return refusing ? req.socket.destroy() : collector.handle(req, res);
  if (path == '/reftrace.min.js') return res.writeHead(200, { 'content-type': 'text/javascript' }), res.end(script);
  // Cross-origin isolated, so that performance.now() resolves 5 µs instead of 100 µs.
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'credentialless',
  });
  res.end(page());
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
port = server.address().port;

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, TEST_HOSTS] });
const context = await browser.newContext();
const tab = await context.newPage();
const cdp = await context.newCDPSession(tab);
await cdp.send('Performance.enable');
const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name == name).value * 1e3;
// localhost: a secure context, which cross-origin isolation needs; the collector stays cross-origin.
await tab.goto(`http://localhost:${port}/checkout?ref=bench_partner`);
await tab.evaluate(() => new Promise((r) => window.reftrace('ready', () => r())));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const arrival = async (id, ms = 10_000) => {
  for (const end = Date.now() + ms; !arrivedAt.has(id); await sleep(1)) if (Date.now() > end) throw Error(`event ${id} did not arrive`);
  return arrivedAt.get(id);
};

// The beacon carries a real reftrace conversion, captured once, under a fresh id each time.
let template;

const arms = {
  async convert(i) {
    const r = await tab.evaluate(async (orderId) => {
      const at = performance.timeOrigin + performance.now();
      const s = performance.now();
      const promise = window.reftrace('convert', { orderId, amount: 49.99, currency: 'USD', coupon: 'BENCH' });
      const sync = performance.now() - s;
      const event = await promise;
      return { id: event.id, at, sync, queued: performance.now() - s };
    }, `bench-${i}`);
    return { ...r, arrived: await arrival(r.id) };
  },
  async track(i) {
    const r = await tab.evaluate(async (i) => {
      const at = performance.timeOrigin + performance.now();
      const s = performance.now();
      const promise = window.reftrace('track', 'bench', { i, plan: 'pro', note: 'x'.repeat(300) });
      const sync = performance.now() - s;
      const event = await promise;
      return { id: event.id, at, sync, queued: performance.now() - s };
    }, i);
    return { ...r, arrived: await arrival(r.id) };
  },
  async beacon(i) {
    const id = `beacon-${i}-${Math.random().toString(36).slice(2, 12)}`;
    const r = await tab.evaluate(
      ([id, template, endpoint]) => {
        const body = JSON.stringify([{ ...template, id, ts: Date.now(), sentAt: Date.now() }]);
        const at = performance.timeOrigin + performance.now();
        const s = performance.now();
        const sent = navigator.sendBeacon(endpoint, body);
        const sync = performance.now() - s;
        if (!sent) throw Error('sendBeacon refused');
        return { id, at, sync };
      },
      [id, template, `http://collect.test:${port}/collect`],
    );
    return { ...r, arrived: await arrival(r.id) };
  },
  async idle() {
    await tab.evaluate(() => performance.now());
    return {};
  },
};

const measure = async (arm, i) => {
  const before = [await metric('TaskDuration'), await metric('ScriptDuration')];
  const r = await arms[arm](i);
  await sleep(SETTLE);
  const after = [await metric('TaskDuration'), await metric('ScriptDuration')];
  return { ...r, latency: r.arrived - r.at, task: after[0] - before[0], scriptTime: after[1] - before[1] };
};

// Warm-up (JIT, connections, IndexedDB), and the template for the beacon.
for (let i = 0; i < WARMUP; i++) await measure('convert', `warm-${i}`), await measure('track', `warm-${i}`);
{
  const sample = collector.events.find((e) => e.type == 'conversion');
  const { sentAt, ...rest } = sample;
  template = rest;
  for (let i = 0; i < WARMUP; i++) await measure('beacon', `warm-${i}`), await measure('idle', i);
}
const longBefore = await tab.evaluate(() => window.__long.length);

// Interleaved, rotating which arm goes first.
const results = { convert: [], track: [], beacon: [], idle: [] };
const order = ['convert', 'beacon', 'track', 'idle'];
for (let i = 0; i < RUNS; i++)
  for (let k = 0; k < order.length; k++) {
    const arm = order[(i + k) % order.length];
    results[arm].push({ ...(await measure(arm, i)), start: 0 });
  }
const long = (await tab.evaluate(() => window.__long.length)) - longBefore;

const quantile = (xs, q) => {
  const s = xs.filter((x) => x != null && !isNaN(x)).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
const median = (xs) => quantile(xs, 0.5);
const idleTask = median(results.idle.map((r) => r.task));
const idleScript = median(results.idle.map((r) => r.scriptTime));
const col = (arm, key, q, net = 0) => quantile(results[arm].map((r) => r[key] - net), q);

const rows = [];
for (const arm of ['convert', 'track'])
  rows.push(
    [`${arm}: call → arrival, median (ms)`, col(arm, 'latency', 0.5), col('beacon', 'latency', 0.5)],
    [`${arm}: call → arrival, p90 (ms)`, col(arm, 'latency', 0.9), col('beacon', 'latency', 0.9)],
    [`${arm}: sync inside the call, median (µs)`, col(arm, 'sync', 0.5) * 1e3, col('beacon', 'sync', 0.5) * 1e3],
    [`${arm}: sync inside the call, p90 (µs)`, col(arm, 'sync', 0.9) * 1e3, col('beacon', 'sync', 0.9) * 1e3],
    [`${arm}: call → durably queued, median (ms)`, col(arm, 'queued', 0.5), NaN],
    [`${arm}: main-thread tasks/event, median (ms, net)`, col(arm, 'task', 0.5, idleTask), col('beacon', 'task', 0.5, idleTask)],
    [`${arm}: main-thread tasks/event, p90 (ms, net)`, col(arm, 'task', 0.9, idleTask), col('beacon', 'task', 0.9, idleTask)],
    [`${arm}: script time/event, median (ms, net)`, col(arm, 'scriptTime', 0.5, idleScript), col('beacon', 'scriptTime', 0.5, idleScript)],
  );
const fmt = (x) => (isNaN(x) ? '—' : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (a, b) => (isNaN(a) || isNaN(b) || b <= 0 ? '—' : (a / b >= 1 ? (a / b).toFixed(1) : (a / b).toPrecision(2)) + '×');

const isolated = await tab.evaluate(() => crossOriginIsolated);
console.log(`reftrace delivery benchmark: ${RUNS} events per arm (convert, track, plain beacon, idle), interleaved, after ${WARMUP} warm-up rounds`);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; node ${process.version}; ` +
    `Chromium ${browser.version()} (headless); beacon payload ${JSON.stringify([template]).length} B JSON; ` +
    `page timer resolution ${isolated ? '5 µs (cross-origin isolated)' : '100 µs'}`,
);
console.log(`idle arm (the measuring itself): ${fmt(idleTask)} ms of main-thread tasks, ${fmt(idleScript)} ms script, median`);
const w = [52, 10, 10, 8];
console.log(['', 'reftrace', 'beacon', 'ratio'].map((s, i) => (i ? s.padStart(w[i]) : s.padEnd(w[i]))).join(''));
for (const [name, a, b] of rows) console.log(name.padEnd(w[0]) + fmt(a).padStart(w[1]) + fmt(b).padStart(w[2]) + ratio(a, b).padStart(w[3]));
console.log(`long tasks (≥ 50 ms) during the measured run: ${long}`);
const arrivals = collector.events.filter((e) => e.type != 'click').length;
console.log(`collector: ${arrivals} distinct events arrived of ${3 * (RUNS + WARMUP)} sent`);

refusing = true;
const burst = await tab.evaluate(async () => {
  const gaps = [];
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
    if (running) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  await new Promise((r) => setTimeout(r, 100));
  const t0 = performance.now();
  const calls = [];
  for (let i = 0; i < 1000; i++) calls.push(window.reftrace('track', 'burst', { i, note: 'x'.repeat(64) }));
  const loop = performance.now() - t0;
  await Promise.all(calls);
  const queued = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 3000));
  running = false;
  const sorted = gaps.sort((x, y) => x - y);
  return { loop, queued, ticks: gaps.length, maxGap: sorted[sorted.length - 1], p99: sorted[Math.floor(sorted.length * 0.99)] };
});
console.log(
  `endpoint refusing, 1,000 track() calls: loop ${fmt(burst.loop)} ms, all durably queued after ${fmt(burst.queued)} ms; ` +
    `setTimeout(0) probe over ${burst.ticks} ticks: longest gap ${fmt(burst.maxGap)} ms, p99 ${fmt(burst.p99)} ms`,
);

await browser.close();
server.close();
