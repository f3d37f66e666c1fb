// @vitest-environment node
// The reference collector as a merchant would run it: a real Node server on loopback, events kept
// in a JSON-lines file.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCollector } from '../../../examples/collector/collector.mjs';

const servers: Server[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftrace-collector-'));
  dirs.push(dir);
  return join(dir, 'data', 'events.jsonl');
};

/** Starts a collector on `file`; `post` sends a batch and answers the status and headers. */
const start = async (options: Parameters<typeof createCollector>[0] = {}) => {
  const stored: string[] = [];
  const collector = createCollector({ onEvent: (e) => stored.push(e.id), ...options });
  const server = createServer(collector.handle);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/e`;
  const post = async (body: unknown) => {
    const r = await fetch(url, { method: 'POST', body: typeof body == 'string' ? body : JSON.stringify(body) });
    return { status: r.status, retryAfter: r.headers.get('retry-after'), expose: r.headers.get('access-control-expose-headers') };
  };
  return { collector, stored, post, url };
};

/** The events in the file; a line that is not JSON (cut short by a crash) is skipped, as the collector does. */
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return [];
      }
    });
const track = (id: string, extra = {}) => ({ id, type: 'track', ts: 1, sentAt: 2, anonymousId: 'a', name: 'x', ...extra });
const conversion = (id: string, orderId: string) => ({ id, type: 'conversion', ts: 1, sentAt: 2, anonymousId: 'a', conversion: { orderId, type: 'purchase', amount: 100, currency: 'USD' } });

describe('reference collector', () => {
  it('answers 503 with Retry-After (not 400) when its disk write fails, and stores the retry once the disk is back', async () => {
    const file = tempFile();
    const { post, stored } = await start({ file });
    // A directory where the file should be: every append fails (EISDIR), as a full or read-only disk would.
    mkdirSync(file);
    const failed = await post([track('e1'), track('e2')]);
    expect(failed.status).toBe(503);
    expect(Number(failed.retryAfter)).toBeGreaterThan(0);
    expect(failed.expose).toMatch(/retry-after/i);
    expect(stored).toEqual([]);
    rmSync(file, { recursive: true });
    // The SDK retries the same batch: nothing was marked as seen, so nothing is skipped.
    expect((await post([track('e1'), track('e2')])).status).toBe(204);
    expect(lines(file).map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it('still answers 400 to a payload that is not reftrace events', async () => {
    const { post } = await start({ file: tempFile() });
    expect((await post('not json')).status).toBe(400);
    expect((await post([{ id: 1 }])).status).toBe(400);
  });

  it('sets receivedAt itself: a client cannot choose it', async () => {
    const file = tempFile();
    const { post } = await start({ file });
    const before = Date.now();
    await post([track('e1', { receivedAt: 1 })]);
    const [line] = lines(file);
    expect(line.receivedAt).toBeGreaterThanOrEqual(before);
    expect(line.receivedAt).toBeLessThanOrEqual(Date.now());
  });

  it('de-duplicates by id across a restart', async () => {
    const file = tempFile();
    await (await start({ file })).post([track('e1')]);
    const again = await start({ file });
    expect((await again.post([track('e1'), track('e2')])).status).toBe(204);
    expect(again.stored).toEqual(['e2']);
    expect(lines(file).map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it('keeps one conversion per orderId, across a restart too', async () => {
    const file = tempFile();
    const first = await start({ file });
    // Two browsers (or storage cleared between two visits of the confirmation page): two ids, one order.
    await first.post([conversion('c1', 'A-1'), conversion('c2', 'A-1'), conversion('c3', 'A-2')]);
    expect(first.stored).toEqual(['c1', 'c3']);
    const again = await start({ file });
    await again.post([conversion('c4', 'A-1'), track('t1', { conversion: { orderId: 'A-3' } })]);
    expect(again.stored).toEqual(['t1']);
    expect(lines(file).map((e) => e.id)).toEqual(['c1', 'c3', 't1']);
  });

  it('skips a line cut short by a crash, and writes the next event on a line of its own', async () => {
    const file = tempFile();
    await (await start({ file })).post([track('e1')]);
    writeFileSync(file, readFileSync(file, 'utf8') + '{"id":"torn","ty', { flag: 'w' });
    const again = await start({ file });
    await again.post([track('torn'), track('e2')]);
    expect(again.stored).toEqual(['torn', 'e2']);
    expect(readFileSync(file, 'utf8').split('\n')).toContain('{"id":"torn","ty');
    expect(lines(file).map((e) => e.id)).toEqual(['e1', 'torn', 'e2']);
  });

  it("stores and answers 2xx when the embedder's callback throws (the process must not go down)", async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const file = tempFile();
    const { post } = await start({ file, onEvent: () => { throw TypeError("Cannot read properties of undefined (reading 'orderId')"); } });
    expect((await post([{ id: 'c1', type: 'conversion' }])).status).toBe(204);
    expect(lines(file).map((e) => e.id)).toEqual(['c1']);
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });

  it('answers 413 to a body over its limit, so the SDK drops that event instead of retrying it forever', async () => {
    const { post } = await start();
    expect((await post([track('big', { properties: { pad: 'p'.repeat(2 << 20) } })])).status).toBe(413);
  });
});
