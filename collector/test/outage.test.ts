// The database goes away mid-run: ingest answers 503 (the SDK keeps the batch and retries),
// nothing is acknowledged that was not committed, and once the server is back the retried
// batches are stored exactly once. Real Postgres, stopped and restarted under the collector.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startCollector, type RunningCollector } from '../src/server.js';
import { TOKEN } from './support/client.js';
import { createPostgresDatabase } from './support/databases.js';
import { click, conversion } from './support/events.js';
import { startPostgres, stopPostgres } from '../scripts/postgres-cluster.mjs';

describe('Postgres outage', () => {
  const cluster = inject('postgres');
  let collector: RunningCollector;
  beforeAll(async () => {
    collector = await startCollector({ port: 0, databaseUrl: await createPostgresDatabase(), adminToken: TOKEN, rateLimit: { limit: 0 } });
  });
  afterAll(() => collector?.close());

  const send = (batch: unknown[]) => fetch(collector.url + 'e', { method: 'POST', body: JSON.stringify(batch) }).then((r) => r.status);
  /** What the SDK does: retry a batch until it is acknowledged (bounded here, so a bug fails the test). */
  const sendUntilStored = async (batch: unknown[]) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      if ((await send(batch)) == 200) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw Error('never acknowledged');
  };
  const count = async (sql: string) => (await collector.db.query(sql))[0].n;

  it('answers 503 while the server is stopped, and stores the retried batch once when it is back', async () => {
    const before = [click('alice'), conversion({ orderId: 'O-before' })];
    expect(await send(before)).toBe(200);

    stopPostgres(cluster, 'fast');
    const during = [click('alice'), conversion({ orderId: 'O-during' })];
    try {
      const res = await fetch(collector.url + 'e', { method: 'POST', body: JSON.stringify(during) });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
      const summary = await fetch(collector.url + 'api/summary', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(summary.status).toBe(503);
    } finally {
      startPostgres(cluster);
    }
    // Nothing of the refused batch was stored.
    expect(await count(`SELECT count(*) AS n FROM events`)).toBe(2);
    await sendUntilStored(during);
    await sendUntilStored(during);
    expect(await count(`SELECT count(*) AS n FROM events`)).toBe(4);
    expect(await count(`SELECT count(*) AS n FROM conversions WHERE status <> 'duplicate'`)).toBe(2);
  });

  it('loses nothing and duplicates nothing when the server crashes under concurrent batches', async () => {
    await collector.db.query(`TRUNCATE events, conversions, rejected, customers, refunds CASCADE`);
    const batches = Array.from({ length: 40 }, (_, i) => [click('alice'), click('bob'), conversion({ orderId: `C-${i}` })]);
    const statuses: number[] = [];
    const inFlight = batches.map(async (batch, i) => {
      // Half go out before the crash, half during and after it.
      if (i >= 20) await new Promise((r) => setTimeout(r, 5));
      statuses[i] = await send(batch).catch(() => 0);
    });
    await new Promise((r) => setTimeout(r, 2));
    stopPostgres(cluster, 'immediate');
    await Promise.all(inFlight);
    startPostgres(cluster);
    // Every acknowledged batch survived the crash in full.
    const stored = new Set((await collector.db.query(`SELECT id FROM events`).catch(async () => collector.db.query(`SELECT id FROM events`))).map((r) => r.id));
    batches.forEach((batch, i) => {
      if (statuses[i] == 200) for (const e of batch) expect(stored.has(e.id)).toBe(true);
    });
    // The SDK retries the rest (and, harmlessly, some acknowledged ones again).
    for (const batch of batches) await sendUntilStored(batch);
    expect(await count(`SELECT count(*) AS n FROM events`)).toBe(120);
    expect(await count(`SELECT count(DISTINCT order_id) AS n FROM conversions`)).toBe(40);
    expect(await count(`SELECT count(*) AS n FROM conversions`)).toBe(40);
    expect(statuses.every((s) => [200, 503, 0].includes(s))).toBe(true);
  });
});
