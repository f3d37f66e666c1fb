import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createCollector, type Collector, type CollectorOptions } from '../../src/collector.js';
import type { Database } from '../../src/storage/database.js';
import { TOKEN } from './client.js';
import { openTestDatabase, resetDatabase, type Backend } from './databases.js';

/**
 * A collector on a database of its own for the tests of one `describe`, emptied before each
 * test. Read `db` and `collector` inside the tests (they are set by `beforeAll`).
 */
export const useCollector = (backend: Backend, options: CollectorOptions = {}) => {
  const ctx = {} as { db: Database; collector: Collector };
  beforeAll(async () => {
    ctx.db = await openTestDatabase(backend);
    ctx.collector = await createCollector({ adminToken: TOKEN, ...options, database: ctx.db });
  });
  afterAll(() => ctx.db?.close());
  beforeEach(() => resetDatabase(ctx.db));
  return ctx;
};
