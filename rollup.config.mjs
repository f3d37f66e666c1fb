import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { stampVersion } from './scripts/stamp-version.mjs';

const minify = terser({
  ecma: 2020,
  module: true,
  compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
  format: { comments: false },
});

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
  // Script tag: one self-contained, minified IIFE.
  {
    input: 'src/browser/entry.ts',
    plugins: [stampVersion(), resolve({ browser: true }), typescript({ declaration: false, declarationMap: false })],
    output: { file: 'dist/reftrace.min.js', format: 'iife', plugins: [minify] },
  },
];
