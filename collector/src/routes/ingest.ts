import { Hono, type Context } from 'hono';
import type { Ingest, IngestMeta, IngestResult } from '../ingest/ingest.js';
import { DatabaseUnavailable } from '../storage/errors.js';
import { readBody } from './body.js';

/** The 1×1 transparent GIF that answers the SDK's image pixel. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export interface IngestRouteOptions {
  bodyLimit: number;
  /** Whether the request comes from the merchant's own backend (its events are marked trusted). */
  trusted: (c: Context) => boolean;
}

/** A delivery: a JSON array of events or one event. Anything else is `undefined`. */
const parse = (text: string): unknown[] | undefined => {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return;
  }
  return Array.isArray(data) ? data : data !== null && typeof data == 'object' ? [data] : undefined;
};

/**
 * `POST /e` (the SDK's CORS-simple batches) and `GET /e?d=` (its image pixel). 2xx only once
 * every valid event is committed; 400 when no event is valid; 503 with `Retry-After` when the
 * database is unreachable, so the SDK keeps the batch and retries it.
 */
export const ingestRoutes = (ingest: Ingest, { bodyLimit, trusted }: IngestRouteOptions) => {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('access-control-allow-origin', '*');
    c.header('access-control-expose-headers', 'Retry-After');
    c.header('cache-control', 'no-store');
  });

  const deliver = async (c: Context, text: string | undefined, via: string, answer: (result: IngestResult) => Response) => {
    if (text === undefined) return c.json({ error: `body over ${bodyLimit} bytes` }, 413, { connection: 'close' });
    const events = parse(text);
    if (!events) return c.json({ error: 'malformed: expected a JSON array of events, or one event' }, 400);
    if (!events.length) return c.json({ error: 'empty batch' }, 400);
    const meta: IngestMeta = { via, cookie: c.req.header('cookie'), trusted: trusted(c) };
    try {
      const result = await ingest(events, meta);
      return result.rejected.length == events.length ? c.json({ error: 'no valid event', ...result }, 400) : answer(result);
    } catch (error) {
      if (!(error instanceof DatabaseUnavailable)) throw error;
      console.error('[reftrace-collector]', error.message);
      return c.json({ error: 'database unavailable, retry later' }, 503, { 'retry-after': '5' });
    }
  };

  app.post('/', async (c) => {
    const incoming = (c.env as { incoming?: Parameters<typeof readBody>[2] } | undefined)?.incoming;
    return deliver(c, await readBody(c.req.raw, bodyLimit, incoming), 'post', (result) => c.json(result, 200));
  });
  app.get('/', async (c) => {
    const d = c.req.query('d');
    if (d === undefined) return c.json({ error: 'POST events, or GET ?d=<JSON array>' }, 400);
    return deliver(c, Buffer.byteLength(d) > bodyLimit ? undefined : d, 'pixel', () => c.body(GIF, 200, { 'content-type': 'image/gif' }));
  });
  // The SDK never preflights (text/plain, no custom header), but a hand-written client may.
  app.options('/', (c) => c.body(null, 204, { 'access-control-allow-methods': 'POST, GET', 'access-control-allow-headers': 'content-type, authorization' }));
  return app;
};
