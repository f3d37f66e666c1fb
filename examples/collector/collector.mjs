// The reference collector: accepts reftrace events as a CORS-simple POST (a JSON array, or one
// event) or as a pixel GET (`?d=<JSON array>`), de-duplicates them by `id` (retries and unload
// beacons may deliver an event more than once), and appends each new one to a JSON-lines file.
import { appendFileSync, mkdirSync } from 'node:fs';
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

/**
 * Creates the collector. `file` (optional) receives one JSON line per new event; `onEvent` sees
 * each new event, and `onArrival` every event that arrived, duplicates included.
 */
export const createCollector = ({ file, onEvent = () => {}, onArrival = () => {} } = {}) => {
  const seen = new Set();
  const events = [];
  if (file) mkdirSync(dirname(file), { recursive: true });

  const accept = (list) => {
    for (const event of list) {
      onArrival(event);
      if (seen.has(event.id)) continue;
      seen.add(event.id);
      events.push(event);
      if (file) appendFileSync(file, JSON.stringify({ receivedAt: Date.now(), ...event }) + '\n');
      onEvent(event);
    }
  };

  /** Node `http` handler for the collector's path. */
  const handle = (req, res) => {
    const headers = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    const reply = (status, body = '', type = 'text/plain') => {
      res.writeHead(status, { ...headers, 'content-type': type });
      res.end(body);
    };
    const url = new URL(req.url, 'http://collector');
    if (req.method == 'GET' && url.searchParams.has('d')) {
      try {
        accept(parseEvents(url.searchParams.get('d')));
        return reply(200, GIF, 'image/gif');
      } catch {
        return reply(400, 'bad payload');
      }
    }
    if (req.method != 'POST') return reply(405, 'POST events, or GET ?d=');
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > MAX_BODY) req.destroy();
    });
    req.on('end', () => {
      try {
        accept(parseEvents(body));
        reply(204);
      } catch {
        reply(400, 'bad payload');
      }
    });
  };

  return { handle, events };
};
