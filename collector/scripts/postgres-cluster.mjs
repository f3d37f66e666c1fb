// A throwaway Postgres cluster on loopback for the tests and the benchmark: Debian's
// `postgresql` binaries, initdb into a temporary folder, a free port, torn down after. Postgres
// refuses to run as root, so under root every command runs as the `postgres` system user.
// Types: postgres-cluster.d.mts.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';


/** The newest installed Postgres' `bin` folder, or undefined when none is installed. */
export const postgresBin = () => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => +b - +a);
  return versions.length ? join(root, versions[0], 'bin') : undefined;
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const run = (info, tool, args) => {
  const [command, argv] = info.asPostgres ? ['runuser', ['-u', 'postgres', '--', join(info.bin, tool), ...args]] : [join(info.bin, tool), args];
  const result = spawnSync(command, argv, { encoding: 'utf8', cwd: info.dir });
  if (result.status !== 0) throw Error(`${tool} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
  return result.stdout;
};

const data = (info) => join(info.dir, 'data');

/** Starts the cluster (again) and waits until it accepts connections. */
export const startPostgres = (info) =>
  run(info, 'pg_ctl', [
    '-D', data(info), '-l', join(info.dir, 'log'), '-w', '-t', '120',
    '-o', `-p ${info.port} -k ${info.dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=${info.durable ? 'on' : 'off'}`,
    'start',
  ]);

/** Stops it: `fast` disconnects clients and shuts down cleanly, `immediate` is a crash. */
export const stopPostgres = (info, mode = 'fast') => run(info, 'pg_ctl', ['-D', data(info), '-m', mode, '-w', 'stop']);

/** initdb + start. The superuser is `reftrace`, trusted on loopback (no password). */
export const createCluster = async ({ durable = false } = {}) => {
  const bin = postgresBin();
  if (!bin) throw Error('PostgreSQL is not installed: run .ci/run, or apt-get install postgresql');
  const asPostgres = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'reftrace-pg-'));
  if (asPostgres) {
    const uid = +execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = +execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, uid, gid);
  }
  const info = { bin, dir, port: await freePort(), asPostgres, durable };
  run(info, 'initdb', ['-D', data(info), '-A', 'trust', '-U', 'reftrace', '-E', 'UTF8', '--locale=C', '--no-sync']);
  startPostgres(info);
  return info;
};

/** Stops the cluster and deletes its folder. */
export const destroyCluster = (info) => {
  try {
    stopPostgres(info, 'immediate');
  } catch {
    // Already stopped.
  }
  rmSync(info.dir, { recursive: true, force: true });
};

export const clusterUrl = (info, database = 'postgres') => `postgres://reftrace@127.0.0.1:${info.port}/${database}`;
