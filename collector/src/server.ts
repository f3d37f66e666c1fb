import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createCollector, type Collector, type CollectorOptions } from './collector.js';

export interface ServerOptions extends CollectorOptions {
  /** Default 8788; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`; `0.0.0.0` to accept other machines. */
  host?: string;
}

export interface RunningCollector extends Collector {
  url: string;
}

/** Creates the collector and serves it over Node's `http`; `close()` stops both. */
export const startCollector = async ({ port = 8788, host = '127.0.0.1', ...options }: ServerOptions = {}): Promise<RunningCollector> => {
  const collector = await createCollector(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: collector.fetch, port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    ...collector,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}/`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await collector.close();
    },
  };
};
