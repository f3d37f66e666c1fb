import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase } from './support/databases.js';
import { click } from './support/events.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Runs the built CLI; resolves with its output once `until` matches it, or once it exits. */
const run = (args: string[], env: Record<string, string>, until?: RegExp) =>
  new Promise<{ out: string; code: number | null; stop(): void }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let out = '';
    const done = (code: number | null) => resolve({ out, code, stop: () => child.kill('SIGTERM') });
    const read = (chunk: Buffer) => {
      out += chunk;
      if (until?.test(out)) done(null);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', done);
  });

describe('npx reftrace-collector', () => {
  it('starts, prints its URL and the admin token, and serves with it', async () => {
    const databaseUrl = await createPostgresDatabase();
    const { out, stop } = await run(['--port', '0'], { DATABASE_URL: databaseUrl, REFTRACE_ADMIN_TOKEN: '' }, /admin token: \S+/);
    try {
      const url = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)![1];
      const token = /admin token: (\S+)/.exec(out)![1];
      expect(token.length).toBeGreaterThanOrEqual(40);
      expect((await fetch(url + 'e', { method: 'POST', body: JSON.stringify([click('alice')]) })).status).toBe(200);
      const summary = await fetch(url + 'api/summary', { headers: { authorization: `Bearer ${token}` } });
      expect(((await summary.json()) as { clicks: number }).clicks).toBe(1);
      expect((await fetch(url + 'api/summary')).status).toBe(401);
    } finally {
      stop();
    }
  });

  it('takes the token from REFTRACE_ADMIN_TOKEN', async () => {
    const { out, stop } = await run(['--port', '0'], { DATABASE_URL: await createPostgresDatabase(), REFTRACE_ADMIN_TOKEN: 'from-env' }, /admin token: .*/);
    stop();
    expect(out).toMatch(/admin token: from-env \(REFTRACE_ADMIN_TOKEN\)/);
  });

  it('refuses unknown flags, bad numbers and bad rules with a message and exit code', async () => {
    expect(await run(['--nope'], {})).toMatchObject({ code: 2, out: expect.stringContaining("Unknown option '--nope'") });
    expect(await run(['--port', 'x'], {})).toMatchObject({ code: 2, out: expect.stringContaining('--port: expected a whole number') });
    const rules = await run(['--port', '0', '--rules', '/nonexistent.json'], { DATABASE_URL: 'postgres://127.0.0.1:1/x' });
    expect(rules).toMatchObject({ code: 1, out: expect.stringContaining('cannot read rules from /nonexistent.json') });
  });
});
