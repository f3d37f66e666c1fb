// The reference collector: accepts reftrace events as a CORS-simple POST (a JSON array, or one
// event) or as a pixel GET (`?d=<JSON array>`), de-duplicates them by `id` (retries and unload
// beacons may deliver an event more than once) and conversions by `orderId` (two browsers, or
// cleared storage, may report one order twice), and appends each new one to a JSON-lines file,
// from which it learns what it has seen when it restarts.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const MAX_BODY = 1 << 20;

/** Parses a request body or pixel payload into events; throws on anything that is not. */
export const parseEvents = (text) => {
  const data = JSON.parse(text);
  const events = Array.isArray(data) ? data : [data];
  if (!events.every((e) => e && typeof e.id == 'string' && typeof e.type == 'string')) throw Error('not reftrace events');
  return events;
};

const orderOf = (e) => (e.type == 'conversion' && e.conversion?.orderId != null ? String(e.conversion.orderId) : undefined);

/**
 * Creates the collector. `file` (optional) receives one JSON line per new event, with the
 * server's `receivedAt`; `onEvent` sees each new event, and `onArrival` every event that arrived,
 * duplicates included. `dedupeOrders: false` keeps every conversion of an order (tests of the
 * browser's own de-duplication).
 */
export const createCollector = ({ file, onEvent = () => {}, onArrival = () => {}, dedupeOrders = true } = {}) => {
  const seen = new Set();
  const orders = new Set();
  const events = [];
  const remember = (e) => {
    seen.add(e.id);
    if (dedupeOrders && orderOf(e)) orders.add(orderOf(e));
  };
  // Whether the file ends with a whole line: after a crash or a failed write it may not, and the
  // next line must not be glued to the torn one.
  let whole = true;
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    for (const line of text.split('\n'))
      try {
        remember(JSON.parse(line));
      } catch {}
    whole = !text || text.endsWith('\n');
  }

  // A callback is the embedder's code: its failure must neither fail the request nor, thrown
  // from a request's `end` handler, take the process down.
  const call = (callback, event) => {
    try {
      callback(event);
    } catch (error) {
      console.error('[collector] callback failed:', error);
    }
  };

  /** Stores the new events; throws (the disk) after keeping those before the one that failed. */
  const accept = (list) => {
    for (const event of list) {
      call(onArrival, event);
      if (seen.has(event.id) || orders.has(orderOf(event))) continue;
      if (file)
        try {
          // The server's clock, last: a client must not choose it.
          appendFileSync(file, (whole ? '' : '\n') + JSON.stringify({ ...event, receivedAt: Date.now() }) + '\n');
          whole = true;
        } catch (error) {
          whole = false;
          throw Object.assign(error, { storage: true });
        }
      remember(event);
      events.push(event);
      call(onEvent, event);
    }
  };

  /** Node `http` handler for the collector's path. */
  const handle = (req, res) => {
    const headers = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Retry-After', 'cache-control': 'no-store' };
    const reply = (status, body = '', type = 'text/plain', extra = {}) => {
      res.writeHead(status, { ...headers, 'content-type': type, ...extra });
      res.end(body);
    };
    // Bad input is the client's fault and is dropped by the SDK (400); a failed write is ours and
    // must be retried (503), or the SDK would drop events it will never send again.
    const take = (text, ok) => {
      let list;
      try {
        list = parseEvents(text);
      } catch {
        return reply(400, 'bad payload');
      }
      try {
        accept(list);
      } catch (error) {
        console.error('[collector] cannot store events:', error.message);
        return reply(503, 'cannot store events now', 'text/plain', { 'retry-after': '30' });
      }
      ok();
    };
    const url = new URL(req.url, 'http://collector');
    if (req.method == 'GET' && url.searchParams.has('d')) return take(url.searchParams.get('d'), () => reply(200, GIF, 'image/gif'));
    if (req.method != 'POST') return reply(405, 'POST events, or GET ?d=', 'text/plain', { allow: 'GET, POST' });
    let body = '';
    let over = false;
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      if (over || (body += chunk).length <= MAX_BODY) return;
      // Too large to be a batch (the SDK sends at most 32 KiB, a single event larger alone): 413
      // makes the SDK drop it rather than retry it for a week. Nothing more is read.
      over = true;
      body = '';
      reply(413, 'payload too large', 'text/plain', { connection: 'close' });
    });
    req.on('end', () => over || take(body, () => reply(204)));
    req.on('error', () => {});
  };

  return { handle, events };
};
