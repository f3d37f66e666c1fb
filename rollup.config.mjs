import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { stampVersion } from './scripts/stamp-version.mjs';

// Exported so that bench/peers.mjs minifies the peers' bundles exactly like the script tag.
export const terserOptions = {
  ecma: 2020,
  module: true,
  compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
  format: { comments: false },
};
const minify = terser(terserOptions);

export default [
  // npm: ESM + CJS, dependencies left to the app's bundler.
  {
    input: 'src/index.ts',
    external: ['idb-keyval', 'nanoid'],
    plugins: [stampVersion(), typescript({ declaration: true, declarationDir: 'dist', rootDir: 'src' })],
    output: [
      { file: 'dist/index.js', format: 'es' },
      { file: 'dist/index.cjs', format: 'cjs' },
    ],
  },
  // Opt-in npm entries: `reftrace/server` (no DOM: Node, edge), `reftrace/layers` (browser),
  // `reftrace/links` and `reftrace/qr` (pure). The QR encoder is a devDependency bundled here.
  ...['server/index', 'layers', 'links/index', 'links/qr'].map((entry) => ({
    input: `src/${entry}.ts`,
    external: ['idb-keyval', 'nanoid'],
    plugins: [stampVersion(), resolve(), typescript({ declaration: true, declarationDir: 'dist', rootDir: 'src' })],
    output: [
      { dir: 'dist', entryFileNames: `${entry}.js`, format: 'es' },
      { dir: 'dist', entryFileNames: `${entry}.cjs`, format: 'cjs' },
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
  // Script tag: one self-contained, minified IIFE; the `full` build adds the opt-in layers.
  ...[
    ['src/browser/entry.ts', 'dist/reftrace.min.js'],
    ['src/browser/entry-full.ts', 'dist/reftrace.full.min.js'],
  ].map(([input, file]) => ({
    input,
    plugins: [stampVersion(), resolve({ browser: true }), typescript({ declaration: false, declarationMap: false })],
    output: { file, format: 'iife', plugins: [minify] },
  })),
];
