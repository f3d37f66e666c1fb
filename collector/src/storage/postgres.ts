import pg from 'pg';
import { NUMERIC_TYPES, type Database, type Queryable } from './database.js';

export interface PostgresOptions {
  /** Connections kept open per collector process. Default 10. */
  poolSize?: number;
  /** Called for errors of idle connections (the server restarting); they must not crash the process. */
  onError?: (error: Error) => void;
}

/**
 * A Postgres server through `pg`'s pool. Connections are opened on demand, so a server that
 * is down makes queries fail (the collector answers 503) instead of the process, and one that
 * comes back is used again without a restart.
 */
export const openPostgres = async (connectionString: string, { poolSize = 10, onError = () => {} }: PostgresOptions = {}): Promise<Database> => {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: 5000,
    types: {
      getTypeParser: ((oid: number, format?: any) =>
        NUMERIC_TYPES.includes(oid) ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', onError);
  const run = (client: pg.Pool | pg.PoolClient): Queryable['query'] => async (text, params) =>
    (await client.query(text, params as unknown[])).rows;
  return {
    kind: 'postgres',
    query: run(pool),
    transaction: async (work) => {
      const client = await pool.connect();
      let broken: unknown;
      // A checked-out client has no listener of the pool's: a connection dying between two
      // statements would be an uncaught 'error' and take the process down. The next statement fails instead.
      const dying = (error: Error) => (broken = error);
      client.on('error', dying);
      try {
        await client.query('BEGIN');
        const result = await work({ query: run(client), exec: async (script) => void (await client.query(script)) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        broken = error;
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.off('error', dying);
        // A connection that failed other than on the data (a dead socket, a server shutting
        // down) is destroyed rather than pooled.
        client.release(broken instanceof Error && !/^(22|23|40|54)/.test(String((broken as { code?: unknown }).code)) ? broken : undefined);
      }
    },
    close: () => pool.end(),
  };
};
