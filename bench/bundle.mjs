// Bundles a peer's minimal use (bench/peers/usage/, bench/peers/load/) with the script tag's own
// rollup settings: node-resolve for the browser, the same terser options, an IIFE; so that
// tree-shaking and minification treat every tracker alike.
import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { terserOptions } from '../rollup.config.mjs';

/** The minified IIFE of `entry` (a path). */
export async function bundle(entry) {
  const build = await rollup({ input: entry, plugins: [resolve({ browser: true })], onwarn() {} });
  const { output } = await build.generate({ format: 'iife', plugins: [terser(terserOptions)] });
  await build.close();
  return output[0].code;
}
