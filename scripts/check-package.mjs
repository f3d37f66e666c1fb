// Checks the package as npm would publish it: packs the built dist/ into a tarball (what
// `npm install reftrace` unpacks), then lints it with publint (package.json against the files
// shipped; any message, suggestions included, fails) and checks with arethetypeswrong that its
// types resolve under every moduleResolution (node10, node16 from CJS and ESM, bundler).
// Run by `npm test` after the build; `npm run check:package` alone needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist/index.d.cts'))) throw new Error('run `npm run build` first');

const dir = mkdtempSync(join(tmpdir(), 'reftrace-pack-'));
try {
  // --ignore-scripts: the test run has just built; prepack would build again.
  const [{ filename, files }] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }),
  );
  const tarball = join(dir, filename);
  console.log(`packed ${filename}: ${files.length} files`);

  const data = readFileSync(tarball);
  const { messages, pkg } = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }, level: 'suggestion', strict: true });
  for (const m of messages) console.error(`publint ${m.type}: ${formatMessage(m, pkg)}`);
  if (messages.length) process.exitCode = 1;
  else console.log('publint: no messages');

  // The script-tag files and the schema are files to serve, not modules with types.
  const args = [tarball, '--profile', 'strict', '--format', 'table', '--exclude-entrypoints', './reftrace.min.js', './reftrace.full.min.js', './reftrace.debug.min.js', './schema.json'];
  try {
    console.log(execFileSync(join(root, 'node_modules/.bin/attw'), args, { encoding: 'utf8' }));
  } catch (error) {
    console.error(error.stdout || error.message);
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
