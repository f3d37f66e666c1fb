import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** Rollup/Vite plugin: puts package.json's version in place of src/version.ts's placeholder. */
export const stampVersion = () => ({
  name: 'stamp-version',
  transform: (code, id) => (id.endsWith('src/version.ts') ? code.replace('__VERSION__', version) : null),
});
