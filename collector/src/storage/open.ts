import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres, type PostgresOptions } from './postgres.js';

export interface OpenOptions extends PostgresOptions {
  /** A Postgres server (`postgres://…`); without it, the embedded database in `dataDir`. */
  databaseUrl?: string;
  /** The embedded database's folder. Default `./reftrace-data`. */
  dataDir?: string;
}

/** Opens the configured database and brings its schema up to date. */
export const openDatabase = async ({ databaseUrl, dataDir = './reftrace-data', ...options }: OpenOptions = {}): Promise<Database> => {
  const db = databaseUrl ? await openPostgres(databaseUrl, options) : await openPglite(dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return db;
};
