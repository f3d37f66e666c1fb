// Where the script-tag bytes go: each module's share of the build, minified and brotli'd on its
// own (so figures add up to a little more than the whole). Run: node scripts/size-breakdown.mjs
import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import { minify } from 'terser';
import { brotliSize } from './compressed-size.mjs';
const b = await rollup({ input: 'src/browser/entry.ts', plugins: [resolve({ browser: true }), typescript({ declaration: false, declarationMap: false })], onwarn(){} });
const { output } = await b.generate({ format: 'es' });
const rows = [];
for (const [id, m] of Object.entries(output[0].modules)) {
  if (!m.code) continue;
  const min = (await minify(m.code, { compress: { passes: 2 }, mangle: true })).code || '';
  rows.push([id.replace(process.cwd() + '/', ''), m.renderedLength, min.length, brotliSize(min)]);
}
rows.sort((a, b) => b[2] - a[2]);
for (const r of rows) console.log(r.join('\t'));
