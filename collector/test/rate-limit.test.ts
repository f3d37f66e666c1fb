import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { rateLimit } from '../src/routes/rate-limit.js';

const app = (options: Parameters<typeof rateLimit>[0]) => {
  const a = new Hono();
  a.use('*', rateLimit(options));
  a.post('/e', (c) => c.text('ok'));
  return a;
};
const hit = (a: Hono, from?: string) => a.request('/e', { method: 'POST', headers: from ? { 'x-forwarded-for': from } : {} });

describe('ingest rate limit', () => {
  it('answers 429 with Retry-After past the limit, per address, until the window ends', async () => {
    let now = 1_000_000;
    const a = app({ limit: 3, windowMs: 60_000, trustProxy: true, now: () => now });
    for (let i = 0; i < 3; i++) expect((await hit(a, '203.0.113.1')).status).toBe(200);
    const over = await hit(a, '203.0.113.1');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('60');
    expect((await hit(a, '203.0.113.2, 10.0.0.1')).status).toBe(200);
    now += 59_000;
    expect((await hit(a, '203.0.113.1')).headers.get('retry-after')).toBe('1');
    now += 1_000;
    expect((await hit(a, '203.0.113.1')).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless told to trust it', async () => {
    const a = app({ limit: 1 });
    expect((await hit(a, '203.0.113.1')).status).toBe(200);
    expect((await hit(a, '203.0.113.2')).status).toBe(429);
  });

  it('is off at 0', async () => {
    const a = app({ limit: 0 });
    for (let i = 0; i < 5; i++) expect((await hit(a)).status).toBe(200);
  });
});
