import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

/** `collector/migrations`, from `src/storage` and from `dist/storage` alike. */
export const MIGRATIONS = fileURLToPath(new URL('../../migrations/', import.meta.url));

/**
 * Applies the versioned SQL files (`NNN_name.sql`, in order) that this database has not seen,
 * each in its own transaction with its row in `schema_migrations`. An advisory lock makes
 * collectors that start together against one server take turns, so each file runs once.
 * Returns the versions applied now.
 */
export const migrate = async (db: Database, dir = MIGRATIONS): Promise<number[]> => {
  const files = readdirSync(dir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .sort();
  const applied: number[] = [];
  for (const file of files) {
    const version = parseInt(file, 10);
    const ran = await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(5910)`);
      await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      if ((await tx.query(`SELECT 1 FROM schema_migrations WHERE version = $1`, [version])).length) return false;
      await tx.exec(readFileSync(dir + file, 'utf8'));
      await tx.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, [version, file]);
      return true;
    });
    if (ran) applied.push(version);
  }
  return applied;
};
