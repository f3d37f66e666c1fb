import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import type { Database } from '../../src/storage/database.js';
import { migrate } from '../../src/storage/migrate.js';
import { openPglite } from '../../src/storage/pglite.js';
import { openPostgres } from '../../src/storage/postgres.js';
import { clusterUrl } from '../../scripts/postgres-cluster.mjs';

/** Every behaviour is tested on both databases. */
export const BACKENDS = ['pglite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

let count = 0;

/** A database of its own in the run's cluster, by URL. */
export const createPostgresDatabase = async (): Promise<string> => {
  const cluster = inject('postgres');
  const name = `t_${process.pid}_${Date.now()}_${count++}`;
  const admin = new pg.Client({ connectionString: clusterUrl(cluster) });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return clusterUrl(cluster, name);
};

/** A fresh, migrated, empty database of the given kind. */
export const openTestDatabase = async (backend: Backend): Promise<Database> => {
  if (backend == 'pglite') {
    const db = await openPglite('memory://', { loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
    await migrate(db);
    return db;
  }
  const db = await openPostgres(await createPostgresDatabase());
  await migrate(db);
  return db;
};

/** Empties every table, for the next test on the same database. */
export const resetDatabase = (db: Database) =>
  db.transaction((tx) => tx.exec(`TRUNCATE events, conversions, rejected, customers, refunds RESTART IDENTITY CASCADE`));
