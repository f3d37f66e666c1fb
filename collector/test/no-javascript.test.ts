import { describe, expect, it } from 'vitest';
import { useCollector } from './support/collector.js';
import { BACKENDS } from './support/databases.js';
import { api, json } from './support/client.js';

// The SDK's click redirect and pixel, mounted on the collector: a visit with JavaScript off.
describe.each(BACKENDS)('click redirect and pixel on %s', (backend) => {
  const ctx = useCollector(backend, { rules: { commission: { sale: { percent: 10 } } } });
  const get = (path: string, cookie?: string) =>
    ctx.collector.fetch(new Request('http://collector' + path, { headers: { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', ...(cookie && { cookie }) } }));

  it('records the click, sets the journey cookie, and credits the pixel conversion that carries it', async () => {
    const click = await get('/r?ref=alice&sub1=flyer&to=/shoes');
    expect(click.status).toBe(302);
    expect(new URL(click.headers.get('location')!, 'http://collector').pathname).toBe('/shoes');
    const cookies = click.headers.getSetCookie().map((c) => c.split(';')[0]);
    expect(cookies.length).toBeGreaterThan(0);
    const pixel = await get('/px?order=N-1&amount=19.90&currency=EUR', cookies.join('; '));
    expect(pixel.headers.get('content-type')).toBe('image/gif');
    const [conversion] = await json(api(ctx.collector, '/conversions?ref=alice'));
    expect(conversion).toMatchObject({ orderId: 'N-1', ref: 'alice', amount: 1990, currency: 'EUR', commission: 199 });
    expect((await json(api(ctx.collector, '/partners')))[0]).toMatchObject({ ref: 'alice', clicks: 1, conversions: 1 });
  });

  it('sends an open-redirect attempt to the home page and still answers the pixel with a GIF on bad input', async () => {
    const click = await get('/r?ref=alice&to=https://evil.example/');
    expect(click.status).toBe(302);
    expect(new URL(click.headers.get('location')!, 'http://collector').host).toBe('collector');
    const pixel = await get('/px?order=N-2&amount=abc&currency=EURO');
    expect(pixel.status).toBe(200);
    expect(pixel.headers.get('content-type')).toBe('image/gif');
    expect(await json(api(ctx.collector, '/conversions'))).toEqual([]);
  });
});
