// Runs the reference collector on its own: `node examples/collector/server.mjs [port]`.
// Prints every new event and appends it to examples/.data/events.jsonl.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createCollector } from './collector.mjs';

// Events are only checked for an id and a type: every other field may be missing.
const summary = (e) =>
  e.type == 'conversion'
    ? `conversion ${e.conversion?.orderId ?? ''} ${e.conversion?.amount} ${e.conversion?.currency ?? ''} → ${e.award?.ref ?? 'no partner'} (${e.award?.reason}); ${e.attribution?.model}: ${(e.attribution?.credits || []).map((c) => `${c?.ref ?? c?.touchpointId}=${c?.amount}`).join(', ')}`
    : e.type == 'click'
      ? `click ref=${e.touchpoint?.ref} channel=${e.touchpoint?.channel} landing=${e.touchpoint?.landing}`
      : `${e.type} ${e.name ?? e.userId ?? ''}`;

/** Starts the collector on `port`; resolves with the server and the events it keeps. */
export const startCollector = (port, { quiet = false } = {}) => {
  const file = fileURLToPath(new URL('../.data/events.jsonl', import.meta.url));
  const collector = createCollector({ file, onEvent: (e) => quiet || console.log(`[collector] ${summary(e)}`) });
  const server = createServer((req, res) => collector.handle(req, res));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, events: collector.events })));
};

if (process.argv[1] == fileURLToPath(import.meta.url)) {
  const port = +(process.argv[2] || 8788);
  await startCollector(port);
  console.log(`reftrace collector on http://127.0.0.1:${port}/ (events in examples/.data/events.jsonl)`);
}
