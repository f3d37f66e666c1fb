// Once per run: the build, a Postgres cluster on loopback, and a migrated PGlite data folder saved as a
// tarball that every test file loads (far faster than PGlite's own initdb each time).
import { PGlite } from '@electric-sql/pglite';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/storage/migrate.js';
import { wrapPglite } from '../../src/storage/pglite.js';
import { createCluster, destroyCluster, type ClusterInfo } from '../../scripts/postgres-cluster.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: ClusterInfo;
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  // The CLI test runs the built bin, so it must be the code under test.
  execFileSync(process.execPath, ['../node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: new URL('../..', import.meta.url) });
  const dir = mkdtempSync(join(tmpdir(), 'reftrace-pglite-'));
  const [cluster, template] = await Promise.all([
    createCluster(),
    (async () => {
      const pglite = await PGlite.create({ dataDir: 'memory://' });
      await migrate(wrapPglite(pglite));
      const file = join(dir, 'template.tar');
      writeFileSync(file, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
      await pglite.close();
      return file;
    })(),
  ]);
  project.provide('postgres', cluster);
  project.provide('pgliteTemplate', template);
  return () => {
    destroyCluster(cluster);
    rmSync(dir, { recursive: true, force: true });
  };
}
