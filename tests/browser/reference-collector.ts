// The reference collector (embedded database in memory) behind a route of the browser suites'
// loopback server, so a real page's events reach it as they would in production.
import { createCollector, type Collector, type CollectorOptions } from '../../collector/src/collector';
import type { TestServer } from './harness';

export const ADMIN = 'admin';

export const mountCollector = async (server: TestServer, path: string, rules: CollectorOptions['rules']): Promise<Collector> => {
  const collector = await createCollector({ dataDir: 'memory://', adminToken: ADMIN, rules });
  server.route(path, async (req, res, body) => {
    const url = new URL(req.url!, 'http://collector');
    const response = await collector.fetch(
      new Request('http://collector/e' + url.search, {
        method: req.method,
        headers: { 'content-type': 'text/plain', cookie: req.headers.cookie ?? '', 'user-agent': req.headers['user-agent'] ?? '' },
        body: req.method == 'POST' ? body : undefined,
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return collector;
};

/** The collector's admin API, as JSON. */
export const adminApi = async (collector: Collector, path: string, init: RequestInit = {}): Promise<any> =>
  (await collector.fetch(new Request('http://collector/api' + path, { ...init, headers: { authorization: `Bearer ${ADMIN}`, ...init.headers } }))).json();
