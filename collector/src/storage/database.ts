// The one small interface both databases implement: the embedded PGlite and a Postgres server.
// Everything above it speaks the same SQL, so a query is written, migrated and tested once.

export type Row = Record<string, any>;

/** Runs one parameterised statement (`$1`, `$2`…); values go over the wire, never into the text. */
export interface Queryable {
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

/** A connection inside a transaction. */
export interface Transaction extends Queryable {
  /** Runs a script of several statements (a migration), without parameters. */
  exec(script: string): Promise<void>;
}

export interface Database extends Queryable {
  /** `pglite` (embedded, one process) or `postgres` (a server, any number of collectors). */
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Type ids whose text the drivers would hand back as strings: `bigint` (counts, epoch ms,
 * minor units) and `numeric` (what `sum(bigint)` returns). Every such value here is an integer
 * far inside 2^53, so both drivers parse them into numbers.
 */
export const NUMERIC_TYPES = [20, 1700];
