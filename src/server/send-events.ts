import type { WireEvent } from '../events/event';
import { batches, bytes } from '../transport/batch';
import { backoff, retryable, retryAfter } from '../transport/retry';

export interface SendOptions {
  /** Default the global `fetch`. */
  fetch?: typeof fetch;
  /** Further attempts of a batch after a retryable failure (network, 408, 429, 5xx, a redirect). Default 5. */
  retries?: number;
  /** Sent with every request, e.g. `{ authorization: 'Bearer <admin token>' }`: the collector then trusts the journey as the merchant's (`journey: server`). */
  headers?: Record<string, string>;
  /** The largest request body in bytes; bigger lists go in several. Default 512 KiB (the collector takes 1 MiB). */
  maxBytes?: number;
  /**
   * The longest wait before a retry, in ms. Default 30 s: a webhook cannot wait for an hour's
   * `Retry-After`; what would need longer is returned as failed at once, for the caller to retry later.
   */
  maxWait?: number;
  /** How a backoff waits; default a timer. Tests pass their own. */
  sleep?: (ms: number) => Promise<unknown>;
}

export interface SendResult {
  /** How many events the collector acknowledged (stored now, or stored before: it de-duplicates by id). */
  delivered: number;
  /** Events the collector refused for good (an invalid event, a 4xx): retrying them would not help. */
  rejected: WireEvent[];
  /** Events still undelivered once the retries ran out (unreachable, 5xx, a redirect): send them again later. */
  failed: WireEvent[];
  /** Why each refused or failed event was, by event id. */
  reasons: Record<string, string>;
}

/** What the collector answers: `rejected` lists the events of the request it refused. */
type Answer = { rejected?: { id?: string; index?: number; reason?: string }[] };

/**
 * Delivers events from a server to a collector (`POST <endpoint>`, a JSON array) by the browser
 * outbox's rules, in one pass: batches within `maxBytes`, each retried with full-jitter backoff
 * or after `Retry-After` when that is longer; a redirect is not a delivery (kept and retried,
 * then failed: point the endpoint where it leads); 413 halves the batch; 400 and 422 halve it
 * until the event at fault is alone, so one bad event does not sink the rest; another 4xx
 * refuses the batch. Every attempt is the same events with the same ids, so a retry after a
 * lost answer is absorbed by the collector. Never throws for the network: look at the result.
 */
export const sendEvents = async (endpoint: string | URL, events: readonly WireEvent[], options: SendOptions = {}): Promise<SendResult> => {
  const { fetch: post = fetch, retries = 5, headers = {}, maxBytes = 512 * 1024, maxWait = 3e4, sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms)) } = options;
  const result: SendResult = { delivered: 0, rejected: [], failed: [], reasons: {} };
  const give = (list: 'rejected' | 'failed', run: WireEvent[], reason: string) =>
    run.forEach((e) => (result[list].push(e), (result.reasons[e.id] = reason)));

  const attempt = async (run: WireEvent[]): Promise<[number, string | null, Answer | string]> => {
    // Stamped per attempt, as the browser does: the collector corrects `ts` by `receivedAt - sentAt`.
    const now = Date.now();
    const body = JSON.stringify(run.map((e) => ({ ...e, sentAt: now })));
    try {
      const response = await post(endpoint, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json', ...headers }, body });
      const text = await response.text().catch(() => '');
      let answer: Answer | string = text;
      try {
        answer = JSON.parse(text);
      } catch {}
      return [response.status, response.headers.get('retry-after'), answer];
    } catch (error) {
      return [0, null, (error as Error).message];
    }
  };

  const send = async (run: WireEvent[]): Promise<void> => {
    for (let tries = 0; ; tries++) {
      const [status, after, answer] = await attempt(run);
      if (status > 199 && status < 300) {
        const refused = new Map(((answer as Answer)?.rejected ?? []).map((r) => [r.id ?? run[r.index!]?.id, r.reason ?? 'rejected']));
        for (const e of run) refused.has(e.id) ? give('rejected', [e], '' + refused.get(e.id)) : result.delivered++;
        return;
      }
      const detail = typeof answer == 'string' ? answer : (answer as { error?: unknown } | null)?.error;
      const why = (status ? 'HTTP ' + status : 'network error') + (detail ? ': ' + String(detail).slice(0, 200) : '');
      // The request was too big, or one of its events is bad: halves travel alone until each is.
      if (run.length > 1 && (status == 413 || status == 400 || status == 422)) {
        const half = Math.ceil(run.length / 2);
        await send(run.slice(0, half));
        return send(run.slice(half));
      }
      if (!retryable(status)) return give('rejected', run, why);
      if (tries >= retries) return give('failed', run, status > 299 && status < 400 ? why + ' (a redirect is not a delivery: set the endpoint to where it leads)' : why);
      const wait = Math.max(backoff(tries), retryAfter(after));
      if (wait > maxWait) return give('failed', run, `${why} (retry after ${Math.ceil(wait / 1e3)} s)`);
      await sleep(wait);
    }
  };

  // One event once, whatever the list repeats: its id is its identity.
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  for (const run of batches(unique, (e) => bytes(JSON.stringify(e)) + 1, maxBytes)) await send(run);
  return result;
};
