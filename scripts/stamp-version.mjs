import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** Rollup/Vite plugin: puts package.json's version in place of src/version.ts's placeholder. */
export const stampVersion = () => ({
  name: 'stamp-version',
  // `map: null`: the source map keeps the original's, which is exact but for the closing quote
  // of that one string literal.
  transform: (code, id) => (id.endsWith('src/version.ts') ? { code: code.replace('__VERSION__', version), map: null } : null),
});
