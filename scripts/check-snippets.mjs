// Type-checks every ```ts and ```tsx block of README.md and docs/*.md against the source, so the
// documented API cannot drift from the real one. Each block becomes a module of its own in
// .cache/snippets, with `reftrace` and its entries (`reftrace/server`, `/layers`, `/links`, `/qr`,
// `/react`) mapped to src/.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const out = '.cache/snippets';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const files = ['README.md', ...readdirSync('docs').map((f) => 'docs/' + f)].filter((f) => f.endsWith('.md'));
let count = 0;
for (const file of files)
  for (const [, lang, code] of readFileSync(file, 'utf8').matchAll(/```(tsx?)\n([\s\S]*?)```/g))
    writeFileSync(`${out}/${file.replace(/\W/g, '_')}_${++count}.${lang}`, `// from ${file}\n${code}\nexport {};\n`);

// The examples a snippet imports as a merchant would after copying them (`./stripe/webhook`).
cpSync('examples/stripe', `${out}/stripe`, { recursive: true });

// Third-party modules the snippets show in use are not dependencies: typed as `any`.
writeFileSync(`${out}/externals.d.ts`, "declare module 'stripe';\ndeclare module 'express';\n");
writeFileSync(
  `${out}/tsconfig.json`,
  JSON.stringify({
    extends: '../../tsconfig.json',
    compilerOptions: {
      noEmit: true,
      noUnusedLocals: false,
      target: 'ES2022',
      module: 'ESNext',
      types: ['node'],
      baseUrl: '../..',
      paths: {
        reftrace: ['src/index.ts'],
        'reftrace/server': ['src/server/index.ts'],
        'reftrace/layers': ['src/layers.ts'],
        'reftrace/links': ['src/links/index.ts'],
        'reftrace/qr': ['src/links/qr.ts'],
        'reftrace/react': ['src/react/index.ts'],
      },
    },
    include: ['*.ts', '*.tsx', 'stripe/*.ts'],
  }),
);
execFileSync('npx', ['tsc', '-p', `${out}/tsconfig.json`], { stdio: 'inherit' });
console.log(`${count} documentation snippets type-check`);
