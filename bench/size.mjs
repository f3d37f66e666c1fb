// Size benchmark: reftrace's script-tag builds against peer browser trackers from npm, all
// measured in one run the way they reach a browser. Not a test: it prints numbers.
//
//   npm run bench:size        (builds reftrace; installs bench/peers on first use)
//
// A peer that ships a script-tag file is measured as that file. An ESM-only peer is measured
// as a minimal realistic use of it (bench/peers/usage/) bundled with the script tag's own
// rollup settings (node-resolve for the browser, the same terser options, an IIFE), so that
// tree-shaking treats everyone alike. Sizes are raw, gzip and brotli as size-limit counts them.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { sizes } from '../scripts/compressed-size.mjs';
import { bundle } from './bundle.mjs';

const root = new URL('..', import.meta.url);
const peers = new URL('peers/', import.meta.url);

const ROWS = [
  { name: 'reftrace', how: 'script tag: dist/reftrace.min.js', file: new URL('dist/reftrace.min.js', root) },
  { name: 'reftrace', how: 'script tag: dist/reftrace.full.min.js', file: new URL('dist/reftrace.full.min.js', root) },
  { name: 'reftrace', how: 'npm: createTracker + convert, bundled', usage: 'reftrace.js' },
  { pkg: '@plausible-analytics/tracker', how: 'npm: init + track, bundled', usage: 'plausible.js' },
  { pkg: '@snowplow/browser-tracker', how: 'npm: newTracker + 2 events, bundled', usage: 'snowplow.js' },
  { pkg: '@segment/analytics-next', how: 'script tag: dist/umd/standalone.js (first file; lazy chunks not counted)', file: 'dist/umd/standalone.js' },
  { pkg: 'posthog-js', how: 'script tag: dist/array.js', file: 'dist/array.js' },
];

if (!existsSync(new URL('dist/reftrace.min.js', root))) throw new Error('run `npm run build` first (npm run bench:size does)');
// Peers stay out of reftrace's own dependencies and CI: their own lockfile, installed here.
// --ignore-scripts: only their shipped files are measured, nothing of theirs needs to run.
if (!existsSync(new URL('node_modules', peers))) {
  execFileSync('npm', ['ci', '--prefix', peers.pathname, '--ignore-scripts', '--no-audit', '--no-fund'], { stdio: 'inherit' });
}

const rows = [];
for (const row of ROWS) {
  const dir = row.pkg && new URL(`node_modules/${row.pkg}/`, peers);
  const version = row.pkg ? JSON.parse(readFileSync(new URL('package.json', dir))).version : 'this commit';
  const code = row.usage ? await bundle(new URL(`usage/${row.usage}`, peers).pathname) : readFileSync(new URL(row.file, dir));
  rows.push({ name: row.name || row.pkg, version, how: row.how, ...sizes(code) });
}

const base = rows[0];
const ratio = (r, key) => (r[key] / base[key]).toFixed(2) + '×';
console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; ratios are to ${base.how.split(': ')[1]}\n`);
console.log('| package | version | measured as | raw B | gzip B | brotli B | brotli ratio |');
console.log('| --- | --- | --- | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.version} | ${r.how} | ${r.raw} | ${r.gzip} | ${r.brotli} | ${ratio(r, 'brotli')} |`);
}
