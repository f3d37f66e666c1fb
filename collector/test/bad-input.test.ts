// Never 5xx on bad input: every kind of malformed, oversized, mistyped or hostile request is a
// 4xx with a reason, and what was valid in it is still stored.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { api, json, post } from './support/client.js';
import { useCollector } from './support/collector.js';
import { BACKENDS, openTestDatabase } from './support/databases.js';
import { click, conversion, touch } from './support/events.js';

const LIMIT = 64 * 1024;

describe.each(BACKENDS)('bad input on %s', (backend) => {
  const ctx = useCollector(backend, { rules: { commission: { sale: { percent: 10 } } }, bodyLimit: LIMIT });

  const rejectedReason = async (event: unknown) => {
    const res = await post(ctx.collector, [event]);
    expect(res.status).toBe(400);
    const body = await json(res);
    return body.rejected[0].reason as string;
  };

  it('answers malformed and empty bodies with 400', async () => {
    for (const body of ['', '{', 'nope', '[1,', 'null', '42', '"text"', '[]', '\u0000', '\uFEFF[]'])
      expect((await post(ctx.collector, body)).status, JSON.stringify(body)).toBe(400);
    expect((await ctx.collector.fetch(new Request('http://collector/e'))).status).toBe(400);
    expect((await ctx.collector.fetch(new Request('http://collector/e?d=%7B'))).status).toBe(400);
    expect((await ctx.collector.fetch(new Request('http://collector/e', { method: 'PUT', body: '[]' }))).status).toBeLessThan(500);
  });

  it('survives bytes that are not UTF-8', async () => {
    const res = await ctx.collector.fetch(new Request('http://collector/e', { method: 'POST', body: new Uint8Array([0x5b, 0xff, 0xfe, 0xc3, 0x28, 0x5d]) }));
    expect(res.status).toBe(400);
  });

  it('refuses a declared oversized body with 413 without reading it', async () => {
    let pulled = 0;
    const body = new ReadableStream({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(1024))) });
    const res = await ctx.collector.fetch(
      new Request('http://collector/e', { method: 'POST', body, headers: { 'content-length': String(LIMIT + 1) }, duplex: 'half' } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('refuses an endless body with 413 after reading at most the limit', async () => {
    let read = 0;
    const chunk = new Uint8Array(4096).fill(0x20);
    const body = new ReadableStream({ pull: (c) => void ((read += chunk.length), c.enqueue(chunk)) }, { highWaterMark: 0 });
    const res = await ctx.collector.fetch(new Request('http://collector/e', { method: 'POST', body, duplex: 'half' } as RequestInit));
    expect(res.status).toBe(413);
    // The chunk that crossed the limit is the last one read.
    expect(read).toBeLessThanOrEqual(LIMIT + chunk.length);
    const pixel = await ctx.collector.fetch(new Request('http://collector/e?d=' + encodeURIComponent(JSON.stringify([click('a')]) + ' '.repeat(LIMIT))));
    expect(pixel.status).toBe(413);
  });

  it('rejects wrong types, each with its reason', async () => {
    const c = conversion();
    expect(await rejectedReason({ ...click('a'), ts: '2026-01-01' })).toMatch(/^schema: \/ts must be integer/);
    expect(await rejectedReason({ ...c, conversion: { ...c.conversion, amount: 49.99 } })).toMatch(/amount must be integer/);
    expect(await rejectedReason({ ...c, conversion: { ...c.conversion, amount: '4999' } })).toMatch(/amount must be integer/);
    expect(await rejectedReason({ ...c, conversion: { ...c.conversion, currency: 'usd' } })).toMatch(/currency must match pattern/);
    expect(await rejectedReason({ ...c, conversion: { ...c.conversion, amount: -100 } })).toMatch(/below zero/);
    expect(await rejectedReason({ ...c, conversion: { type: 'purchase', amount: 100 } })).toMatch(/currency: required/);
    expect(await rejectedReason({ ...c, touchpoints: 'alice' })).toMatch(/touchpoints must be array/);
    expect(await rejectedReason({ ...click('a'), id: '' })).toMatch(/\/id must NOT have fewer than 1 characters/);
    expect(await rejectedReason({ ...click('a'), id: 'x'.repeat(65) })).toMatch(/\/id must NOT have more than 64/);
    expect(await rejectedReason({ ...click('a'), touchpoint: { ...touch('a'), ref: '<script>' } })).toMatch(/ref must match pattern/);
    const rows = await ctx.db.query(`SELECT event_id, reason, body FROM rejected`);
    expect(rows).toHaveLength(10);
    expect(rows.find((r) => r.event_id == null)?.body).toContain('xxxxxxxx');
  });

  it('rejects what Postgres cannot store: NUL, lone surrogates, integers past 2^53, deep nesting', async () => {
    expect(await rejectedReason({ ...click('a'), anonymousId: 'a\u0000b' })).toMatch(/\/anonymousId: string with a NUL/);
    expect(await rejectedReason({ ...click('a'), context: { page: '/\uD800', library: { name: 'reftrace', version: '1' } } })).toMatch(/lone surrogate/);
    expect(await rejectedReason({ ...click('a'), ts: 1e300 })).toMatch(/\/ts: integer beyond 2\^53/);
    const c = conversion();
    expect(await rejectedReason({ ...c, conversion: { ...c.conversion, amount: 2 ** 60 } })).toMatch(/beyond 2\^53/);
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(await rejectedReason({ ...c, conversion: { ...c.conversion, items: [deep] } })).toMatch(/nested deeper than 32/);
    expect(await rejectedReason({ ...click('a'), ['k\u0000']: 1 })).toMatch(/NUL/);
    // The rejected rows themselves were stored: JSON text escapes NUL and lone surrogates.
    expect(await ctx.db.query(`SELECT * FROM rejected`)).toHaveLength(6);
  });

  it('stores hostile but valid strings as they are', async () => {
    const hostile = `'); DROP TABLE events; -- \u202e <img src=x onerror=alert(1)> 🎉 \\u0000`;
    const event = { ...click('alice'), anonymousId: hostile.slice(0, 64), context: { page: hostile, library: { name: 'reftrace', version: hostile } } };
    expect((await post(ctx.collector, [event])).status).toBe(200);
    const [row] = await ctx.db.query(`SELECT anonymous_id, body FROM events`);
    expect(row.body.context.page).toBe(hostile);
  });

  it('is not polluted by __proto__ and constructor keys, and a partner may be called __proto__', async () => {
    const text = `[{"id":"p1","type":"click","ts":1,"sentAt":1,"anonymousId":"a","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},
      "context":{"page":"/","library":{"name":"reftrace","version":"1"},"__proto__":{"polluted":1}},
      "touchpoint":{"id":"t","ts":1,"ref":"__proto__","channel":"affiliate","landing":"/","clickIds":{"__proto__":"x"}}}]`;
    const res = await post(ctx.collector, text);
    expect(res.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const withProtoPartner = conversion({ touchpoints: [touch('__proto__')], amount: 1000 });
    expect((await post(ctx.collector, [withProtoPartner])).status).toBe(200);
    const partners = await json(api(ctx.collector, '/partners'));
    expect(partners).toEqual([expect.objectContaining({ ref: '__proto__', clicks: 1, conversions: 1, commission: { USD: 100 } })]);
  });

  it('never answers 5xx to any JSON at all', async () => {
    const event = fc.record({ id: fc.string({ maxLength: 70 }), type: fc.constantFrom('click', 'conversion', 'track', 'identify', 'x') }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.array(fc.oneof(fc.jsonValue(), event)), fc.string()), async (value) => {
        const res = await post(ctx.collector, typeof value == 'string' ? value : JSON.stringify(value));
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});

describe('an oversized body over a real connection', () => {
  it('is answered 413 before the client has finished sending it', async () => {
    const { startCollector } = await import('../src/server.js');
    const { request } = await import('node:http');
    const db = await openTestDatabase('postgres');
    const collector = await startCollector({ port: 0, database: db, bodyLimit: LIMIT });
    try {
      const url = new URL(collector.url);
      const status = await new Promise<number>((resolve, reject) => {
        const req = request({ host: url.hostname, port: url.port, path: '/e', method: 'POST' }, (res) => resolve(res.statusCode!));
        req.on('error', reject);
        const chunk = Buffer.alloc(16 * 1024, 0x20);
        let sent = 0;
        // Keeps sending (far past the limit) until the answer arrives: the collector must not wait for the end.
        const pump = () => {
          while (sent < 64 * LIMIT && req.write(chunk)) sent += chunk.length;
          if (sent < 64 * LIMIT) req.once('drain', pump);
          else req.end();
        };
        pump();
      });
      expect(status).toBe(413);
    } finally {
      await collector.close();
      await db.close();
    }
  });
});
