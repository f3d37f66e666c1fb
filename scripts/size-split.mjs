// What a critical-path core of the script tag would weigh: the default build with parts of it
// replaced by empty stubs of the same exports, minified and compressed like dist/reftrace.min.js.
// A measurement behind the README's Size section, not a build: node scripts/size-split.mjs
//
//   core            capture, persist, queue, send: attribution and award, the ISO 4217 money
//                   table and the retry policy stubbed out (what would load at idle).
//   core + convert  the core plus what a conversion needs at the moment it is made, so that it is
//                   validated, durably queued and sendable on its own right before a navigation
//                   (the wire format requires `attribution` and `award` on every conversion).
import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { terserOptions } from '../rollup.config.mjs';
import { sizes } from './compressed-size.mjs';

const STUBS = {
  'src/attribution/index.ts':
    'export const attribute=()=>({}),award=()=>({}),firstTouch=()=>({}),lastNonDirect=()=>({}),lastTouch=()=>({}),linear=()=>({}),modelByName=()=>({}),positionBased=()=>({}),scoreWeighted=()=>({}),timeDecay=()=>({}),splitAmount=()=>[];',
  'src/events/money.ts': 'export const exponent=()=>2,toMinor=(a)=>Math.round(a*100);',
  'src/transport/retry.ts': 'export const backoff=()=>1e3,MAX_WAIT=864e5,retryAfter=()=>0,retryable=()=>true;',
};

async function build(stubbed) {
  const stub = {
    name: 'stub',
    load: (id) => {
      const key = Object.keys(STUBS).find((k) => id.endsWith(k));
      return key && stubbed.includes(key) ? STUBS[key] : null;
    },
  };
  const b = await rollup({
    input: 'src/browser/entry.ts',
    plugins: [stub, resolve({ browser: true }), typescript({ declaration: false, declarationMap: false })],
    onwarn() {},
  });
  const { output } = await b.generate({ format: 'iife', plugins: [terser({ ...terserOptions, mangle: { properties: { regex: /^_(?!_)/ } } })] });
  await b.close();
  return sizes(output[0].code);
}

const all = Object.keys(STUBS);
const rows = [
  ['default script tag (dist/reftrace.min.js)', await build([])],
  ['core: attribution, award, money table, retry policy stubbed', await build(all)],
  ['core + what a conversion needs at once (attribution, award, money table)', await build(['src/transport/retry.ts'])],
];
console.log('| build | raw B | gzip B | brotli B |\n| --- | ---: | ---: | ---: |');
for (const [name, s] of rows) console.log(`| ${name} | ${s.raw} | ${s.gzip} | ${s.brotli} |`);
