import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { NUMERIC_TYPES, type Database } from './database.js';

const parsers = Object.fromEntries(NUMERIC_TYPES.map((oid) => [oid, Number]));

/** The `Database` face of a PGlite instance. */
export const wrapPglite = (db: PGlite): Database => ({
  kind: 'pglite',
  query: async (text, params) => (await db.query<any>(text, params as unknown[], { parsers })).rows,
  transaction: (work) =>
    db.transaction((tx) =>
      work({
        query: async (text, params) => (await tx.query<any>(text, params as unknown[], { parsers })).rows,
        exec: async (script) => void (await tx.exec(script)),
      }),
    ),
  close: () => db.close(),
});

/**
 * The embedded default: a whole Postgres compiled to WebAssembly, persisted in `dataDir`
 * (`memory://` keeps it in memory). One process owns the folder; statements run one at a
 * time, which also makes every transaction serial. `options` reach PGlite as they are
 * (`loadDataDir` starts from a saved folder).
 */
export const openPglite = async (dataDir: string, options: PGliteOptions = {}): Promise<Database> => {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  return wrapPglite(await PGlite.create({ dataDir, ...options }));
};
