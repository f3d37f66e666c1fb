import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';
import { stampVersion } from './scripts/stamp-version.mjs';

// Exported so that bench/peers.mjs minifies the peers' bundles exactly like the script tag.
export const terserOptions = {
  ecma: 2020,
  module: true,
  compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
  format: { comments: false },
};
// reftrace's own builds also shorten properties named with the private prefix `_` (as PostHog
// does): readable in the source, one letter on the wire of the script tag. A `_` name is
// therefore never a wire, storage or public API name. Not in `terserOptions`: the peers measured
// with those options have `_` names of their own that must stay.
const minify = terser({ ...terserOptions, mangle: { properties: { regex: /^_(?!_)/ } } });

// React is `reftrace/react`'s optional peer dependency: the app's own copy, never a second one bundled in.
const external = ['idb-keyval', 'nanoid', /^react($|\/)/];
// The npm entries: `reftrace`, `reftrace/server` (no DOM: Node, edge), `reftrace/layers` (browser),
// `reftrace/links` and `reftrace/qr` (pure; the QR encoder is a devDependency bundled into it),
// `reftrace/react` (the provider and hook).
const entries = ['index', 'server/index', 'layers', 'links/index', 'links/qr', 'react/index'];
// A React Server Component may render `<ReftraceProvider>` directly: the directive makes the entry a
// client module for Next.js and other RSC bundlers (rollup drops directives found in the source).
const banner = (chunk) => (chunk.name == 'react/index' ? "'use client';" : '');

export default [
  // npm: ESM + CJS per entry, dependencies left to the app's bundler; code both formats share
  // goes to one chunk of each, so `reftrace` and `reftrace/layers` share one tracker.
  {
    input: Object.fromEntries(entries.map((entry) => [entry, `src/${entry}.ts`])),
    external,
    plugins: [stampVersion(), resolve(), typescript({ declaration: false, sourceMap: true })],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'shared/[name].js', sourcemap: true, banner },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'shared/[name].cjs', sourcemap: true, banner },
    ],
  },
  // Types: one self-contained declaration file per entry (no relative imports to resolve, so
  // every moduleResolution finds them), as .d.ts beside the ESM build and .d.cts beside the CJS.
  ...entries.map((entry) => ({
    input: `src/${entry}.ts`,
    external,
    plugins: [dts()],
    output: [
      { file: `dist/${entry}.d.ts`, format: 'es' },
      { file: `dist/${entry}.d.cts`, format: 'es' },
    ],
  })),
  // `npx reftrace`: the CLI, with its devDependencies (the QR encoder, the CSV parser) bundled in.
  {
    input: 'src/cli/index.ts',
    external: [/^node:/],
    plugins: [stampVersion(), resolve(), typescript({ declaration: false, declarationMap: false })],
    output: { file: 'dist/cli.js', format: 'es', banner: '#!/usr/bin/env node' },
    // csv-parse's own modules import each other in a cycle that is harmless.
    onwarn: (warning, warn) => (warning.code == 'CIRCULAR_DEPENDENCY' && /csv-parse/.test(warning.message) ? undefined : warn(warning)),
  },
  // Script tag: one self-contained, minified IIFE; the `full` build adds the opt-in layers. The
  // debug report's words are a sibling ES module, which either build imports in debug mode only.
  ...[
    ['src/browser/entry.ts', 'dist/reftrace.min.js', 'iife'],
    ['src/browser/entry-full.ts', 'dist/reftrace.full.min.js', 'iife'],
    ['src/debug/report.ts', 'dist/reftrace.debug.min.js', 'es'],
  ].map(([input, file, format]) => ({
    input,
    plugins: [stampVersion(), resolve({ browser: true }), typescript({ declaration: false, declarationMap: false, sourceMap: true })],
    output: { file, format, sourcemap: true, plugins: [minify] },
  })),
];
