// `npm run bench:collector`: many simulated browsers send concurrent batches, some retried
// concurrently with the same ids and some converting an order another browser already did,
// into the collector on a real Postgres server (fsync on) and on its embedded PGlite, side by
// side in one run. Each collector runs as its own process (the CLI), as in production; this
// process only generates load. Afterwards the database is counted: every event stored once,
// every duplicate order stored as a duplicate, nothing lost.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { clusterUrl, createCluster, destroyCluster } from '../scripts/postgres-cluster.mjs';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const arg = (name, fallback) => +(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const BROWSERS = arg('browsers', 400);
const BATCHES = arg('batches', 5); // per browser
const PER_BATCH = arg('events', 10);
const CONCURRENCY = arg('concurrency', 32);
const RETRY_SHARE = 0.1; // batches delivered twice at once (a retry racing the unload beacon)
const DUPLICATE_ORDER_SHARE = 0.05; // conversions of an order another browser converted

/** The workload, identical for both databases: batches of one click per event except every fifth, a conversion. */
const workload = (run) => {
  const now = Date.now();
  const batches = [];
  let orders = 0;
  for (let b = 0; b < BROWSERS; b++) {
    const anonymousId = `${run}-browser-${b}`;
    const ref = `partner${b % 20}`;
    const touchpoint = { id: `${anonymousId}-t`, ts: now - 864e5, ref, channel: 'affiliate', landing: `/?ref=${ref}` };
    for (let n = 0; n < BATCHES; n++) {
      const batch = [];
      for (let e = 0; e < PER_BATCH; e++) {
        const id = `${anonymousId}-${n}-${e}`;
        const base = { id, ts: now, sentAt: now, anonymousId, context: { page: '/', library: { name: 'reftrace', version: '0.1.0' } } };
        if (e % 5 != 4) {
          batch.push({ ...base, type: 'click', touchpoint });
          continue;
        }
        const orderId = Math.random() < DUPLICATE_ORDER_SHARE && orders ? `${run}-order-${Math.floor(Math.random() * orders)}` : `${run}-order-${orders++}`;
        const amount = 1000 + ((b * 37 + n) % 9000);
        batch.push({
          ...base,
          type: 'conversion',
          conversion: { orderId, type: 'purchase', amount, currency: 'USD' },
          touchpoints: [touchpoint],
          attribution: { model: 'last_touch', credits: [{ touchpointId: touchpoint.id, ref, weight: 1, amount }], unattributed: 0 },
          award: { policy: 'last_click', ref, touchpointId: touchpoint.id, reason: 'last_click' },
        });
      }
      batches.push(JSON.stringify(batch));
    }
  }
  return { batches, orders };
};

/**
 * CPU time (user + system, ms) that processes have used, from /proc: the machine is shared, so
 * the CPU each side spends per event is the figure that does not depend on the neighbours.
 */
const cpuMs = (pids) =>
  pids.reduce((sum, pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return sum + ((+fields[11] + +fields[12]) * 1000) / 100;
    } catch {
      return sum;
    }
  }, 0);

/** The postmaster and its children (the backends serving the collector's pool). */
const postgresPids = (cluster) => {
  const postmaster = +readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0];
  const children = readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return +readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1] == postmaster;
      } catch {
        return false;
      }
    });
  return [postmaster, ...children.map(Number)];
};

const startCli = (env, args) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--rate-limit', '0', ...args], {
      env: { ...process.env, REFTRACE_ADMIN_TOKEN: 'bench', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const url = /on (http:\/\/\S+\/)/.exec(out)?.[1];
      if (url && /admin token/.test(out)) resolve({ url: new URL(url), child });
    });
    child.on('exit', (code) => reject(Error(`collector exited (${code}): ${out}`)));
  });

const stopCli = (child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')));

const post = (agent, url, body) =>
  new Promise((resolve) => {
    const started = performance.now();
    const req = request({ agent, host: url.hostname, port: url.port, path: '/e', method: 'POST', headers: { 'content-type': 'text/plain' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });

/** Sends every batch (a tenth of them twice at once) with CONCURRENCY requests in flight; retries any non-2xx as the SDK would. */
const load = async (url, batches, pids = () => [], dbPids = () => []) => {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies = [];
  let failures = 0;
  let next = 0;
  const deliver = async (body) => {
    for (;;) {
      const { status, ms } = await post(agent, url, body);
      latencies.push(ms);
      if (status == 200) return;
      failures++;
    }
  };
  const started = performance.now();
  const cpuBefore = cpuMs(pids());
  const dbBefore = cpuMs(dbPids());
  const selfBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i; (i = next++) < batches.length; ) {
        const body = batches[i];
        await (i % Math.round(1 / RETRY_SHARE) == 0 ? Promise.all([deliver(body), deliver(body)]) : deliver(body));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const databaseCpu = cpuMs(dbPids()) - dbBefore;
  const serverCpu = cpuMs(pids()) - cpuBefore + databaseCpu;
  const self = process.cpuUsage(selfBefore);
  const clientCpu = (self.user + self.system) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { seconds, requests: latencies.length, failures, p50: pct(50), p99: pct(99), serverCpu, databaseCpu, clientCpu };
};

/** Counts in the database what arrived. */
const count = async (query) => {
  const [events] = await query(`SELECT count(*)::int AS n FROM events`);
  const [distinct] = await query(`SELECT count(DISTINCT id)::int AS n FROM events`);
  const [conversions] = await query(`SELECT count(*)::int AS n FROM conversions WHERE status <> 'duplicate'`);
  const [duplicates] = await query(`SELECT count(*)::int AS n FROM conversions WHERE status = 'duplicate'`);
  return { events: events.n, distinct: distinct.n, orders: conversions.n, duplicateOrders: duplicates.n };
};

const report = (name, { batches, orders }, result, counted) => {
  const expected = batches.length * PER_BATCH;
  const conversions = batches.length * Math.floor(PER_BATCH / 5);
  const ok = counted.events == expected && counted.distinct == expected && counted.orders == orders && counted.orders + counted.duplicateOrders == conversions;
  const perThousand = (ms) => ((ms / expected) * 1000).toFixed(0);
  console.log(
    `${name.padEnd(9)} ${(expected / result.seconds).toFixed(0).padStart(6)} events/s  ${(batches.length / result.seconds).toFixed(0).padStart(5)} batches/s  ` +
      `p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  (${result.requests} requests, ${result.failures} retried after non-2xx)  ` +
      `stored ${counted.events}/${expected} events, ${counted.distinct} distinct, ${counted.orders} orders + ${counted.duplicateOrders} duplicate orders: ${ok ? 'exact' : 'MISMATCH'}\n` +
      `          CPU per 1,000 events: collector and database ${perThousand(result.serverCpu)} ms (of which the Postgres server ${perThousand(result.databaseCpu)} ms), load generator ${perThousand(result.clientCpu)} ms ` +
      `→ ${((2 * 1000 * 1000) / ((result.serverCpu / expected) * 1000)).toFixed(0)} events/s if the collector and its database had both cores to themselves`,
  );
  return { ok, eventsPerSecond: expected / result.seconds, ...result };
};

console.log(`load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
console.log(
  `${BROWSERS} browsers × ${BATCHES} batches × ${PER_BATCH} events, ${CONCURRENCY} requests in flight, ` +
    `${RETRY_SHARE * 100}% of batches delivered twice at once, ${DUPLICATE_ORDER_SHARE * 100}% of conversions a duplicate order\n`,
);
const cluster = await createCluster({ durable: true });
const dataDir = mkdtempSync(join(tmpdir(), 'reftrace-bench-pglite-'));
const results = {};
try {
  const admin = new pg.Client({ connectionString: clusterUrl(cluster) });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const databaseUrl = clusterUrl(cluster, 'bench');

  {
    const work = workload('pg');
    const { url, child } = await startCli({ DATABASE_URL: databaseUrl }, []);
    await load(url, workload('warmup-pg').batches.slice(0, 200));
    const result = await load(url, work.batches, () => [child.pid], () => postgresPids(cluster));
    await stopCli(child);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const counted = await count(async (sql) => (await client.query(sql.replace('FROM events', "FROM events WHERE id LIKE 'pg-%'").replace("FROM conversions WHERE", "FROM conversions WHERE event_id LIKE 'pg-%' AND"))).rows);
    await client.end();
    results.postgres = report('Postgres', work, result, counted);
  }
  {
    const work = workload('pgl');
    const { url, child } = await startCli({ DATABASE_URL: '' }, ['--data', dataDir]);
    await load(url, workload('warmup-pgl').batches.slice(0, 200));
    const result = await load(url, work.batches, () => [child.pid]);
    await stopCli(child);
    const db = await PGlite.create({ dataDir });
    const counted = await count(async (sql) => (await db.query(sql.replace('FROM events', "FROM events WHERE id LIKE 'pgl-%'").replace("FROM conversions WHERE", "FROM conversions WHERE event_id LIKE 'pgl-%' AND"))).rows);
    await db.close();
    results.pglite = report('PGlite', work, result, counted);
  }
  console.log(`\nPGlite / Postgres throughput: ${(results.pglite.eventsPerSecond / results.postgres.eventsPerSecond).toFixed(2)}×`);
} finally {
  destroyCluster(cluster);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(results.postgres?.ok && results.pglite?.ok ? 0 : 1);
