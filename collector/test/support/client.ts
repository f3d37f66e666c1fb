import type { Collector } from '../../src/collector.js';

export const TOKEN = 'test-admin-token';

/** POSTs a batch (or any body) to the collector's ingest route, as the SDK does. */
export const post = (c: Collector, body: unknown, headers: Record<string, string> = {}) =>
  c.fetch(
    new Request('http://collector/e', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...headers },
      body: typeof body == 'string' ? body : JSON.stringify(body),
    }),
  );

/** Calls the admin API with the token. */
export const api = (c: Collector, path: string, init: RequestInit = {}, token = TOKEN) =>
  c.fetch(new Request('http://collector/api' + path, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } }));

export const json = async (response: Response | Promise<Response>): Promise<any> => (await response).json();
