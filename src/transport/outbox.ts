import { BEACON, DELIVERED, DROPPED, QUEUED, RETRY, type Note } from '../debug/notes';
import type { WireEvent } from '../events/event';
import { batches, bytes } from './batch';
import { evict } from './bound';
import { persist, type Box } from './persist';
import { backoff, MAX_WAIT, retryAfter, retryable } from './retry';
import { beacon, pixel, post } from './send';

export interface Outbox {
  /** Durably queue an event (resolves once persisted, or fallen back to localStorage/memory), then try to send. Never rejects. */
  push(event: WireEvent): Promise<void>;
  /** Resolves when the outbox is empty or nothing more can be sent now. Never rejects. */
  flush(): Promise<void>;
  /** Stops for good on this page (consent withdrawn): no more writes, sends, timers or beacons. */
  stop(): void;
  /** The page is going away: this page's unconfirmed events go by beacon (what its own `pagehide` listener does). */
  _leave(): void;
}

export interface OutboxOptions {
  endpoint: string;
  /** Hears of every event queued, delivered, retried or dropped (the debug report). */
  note?: Note;
  /** Called for every event dropped: rejected (4xx), expired (7 days), evicted, unserializable. */
  onError?: (error: Error, event?: WireEvent) => void;
}

/** A queued event with its size on the wire, attempts so far, not due before `t`, leased by a sender until `l`. */
interface Entry {
  e: WireEvent;
  s: number;
  a: number;
  t: number;
  l: number;
}

// A request's share of the 64 KiB keepalive/beacon budget: the other half is left to the unload beacon.
const LIMIT = 32768;
// Longer than the 10 s request timeout, so a live sender never loses its lease.
const LEASE = 3e4;
const AGE = 6048e5;
const noop = async () => {};

/**
 * Delivery at least once: events are persisted before they are sent and leave the outbox only
 * on a 2xx. Every event keeps its `id` across retries and beacons, so the collector makes it
 * exactly once by de-duplicating on `id`. Browser only: the tracker creates it on pages alone.
 */
export const createOutbox = ({ endpoint, note = () => {}, onError }: OutboxOptions): Outbox => {
  // This page's events, until confirmed or dropped: all the unload beacon may send without the lock.
  const mine: Box<Entry> = {};
  // Ids in a request that may outlive the page, which the unload beacon leaves to it.
  const fly: Box<1> = {};
  let queue: Entry[] = [];
  let writing: Promise<void> | 0 = 0;
  let running: Promise<void> | 0 = 0;
  let again = 0;
  let force = 0;
  let stopped = 0;
  let next = 0;
  let timer: ReturnType<typeof setTimeout>;

  // `event` is what was given up on; none for a fault that drops nothing (a redirect).
  const report = (why: string, event?: WireEvent) => {
    const error = Error('reftrace: ' + why);
    note(DROPPED, why, event);
    // The merchant's callback must not break a round or reject a push.
    try {
      onError?.(error, event);
    } catch {}
  };
  const drop = (entries: Entry[], why: string) =>
    entries.forEach(({ e }) => {
      delete mine[e?.id];
      report(why, e);
    });

  // Without fetch every run goes as a pixel, whose URL-encoding triples a byte at worst.
  const split = (entries: Entry[]) => batches(entries, (x) => x.s, typeof fetch > 'u' ? 2600 : LIMIT);
  // One sentAt per request; called with the run alone.
  const body = (entries: Entry[], sentAt = Date.now()) => JSON.stringify(entries.map((x) => ({ ...x.e, sentAt })));

  // Every write re-applies the bound, so a dead endpoint never fills storage. Everything counts
  // but this page's own entries not yet tried: a burst into a live endpoint must not lose what it
  // never tried to send, and this page tries it in its next round. What another page left
  // untried counts (it may have closed while its request hung, and never will).
  const save = async (change: (box: Box<Entry>) => void) => {
    // Stopped (consent withdrawn): storage is being erased, and nothing may write it back.
    if (stopped) return;
    let out: Entry[] = [];
    await persist<Entry>('outbox', (box) => {
      // What storage holds is not trusted (other scripts, older versions): a value that is not an
      // entry is dropped, or it would make every later write throw and the outbox useless.
      for (const id in box) box[id]?.e?.id || delete box[id];
      change(box);
      (out = evict(Object.values(box).filter((x) => x.a || !mine[x.e.id]))).forEach((x) => delete box[x.e.id]);
    });
    drop(out, 'outbox full');
  };

  const round = async () => {
    const all = force;
    let due: Entry[] = [];
    let old: Entry[] = [];
    force = 0;
    await save((box) => {
      due = [];
      old = [];
      next = 1 / 0;
      // Read inside the write, after any other tab's: a lease it just took is then never more
      // than LEASE ahead. Leases and schedules are device times: one further ahead than any this
      // code sets was set by a clock since turned back, and must not hold the entry until the
      // clock catches up.
      const now = Date.now();
      const ahead = (time: number, most: number) => time > now && time <= now + most;
      for (const id in box) {
        const x = box[id];
        if (now - x.e.ts > AGE) old.push(x), delete box[id];
        else if (ahead(x.l, LEASE) || (ahead(x.t, MAX_WAIT) && !all)) next = Math.min(next, Math.max(x.t, x.l));
        else due.push(x), (x.l = now + LEASE);
      }
    });
    drop(old, 'expired');
    // One request at a time keeps this page within the keepalive budget.
    const runs = split(due);
    for (let run; (run = runs.shift()); ) {
      // Stopped meanwhile (consent withdrawn): nothing more may leave, neither the next run nor,
      // after this one's request, a pixel.
      if (stopped) return;
      const json = body(run);
      run.forEach((x) => (fly[x.e.id] = 1));
      const [status, after] = await post(endpoint, json, bytes(json) <= LIMIT);
      // The pixel dies with the page: release the lease first, or the next page would wait it out.
      if (!status) await save((box) => run!.forEach((x) => box[x.e.id] && (box[x.e.id].l = 0)));
      if (stopped) return;
      const s = status || (await pixel(endpoint, json));
      // Too large for the collector or a gateway before it (413), or refused for what one event
      // holds (400, 422): each half goes again on its own, until the event at fault is alone
      // and only it is dropped.
      if (run[1] && (s == 413 || s == 400 || s == 422)) {
        runs.unshift(run.slice(0, run.length / 2), run.slice(run.length / 2));
        continue;
      }
      // A redirect drops nothing (kept, not delivered): reported without an event.
      if (s > 299 && s < 400) report('redirect');
      const t = Date.now();
      const wait = retryAfter(after, t);
      const retry = retryable(s);
      await save((box) =>
        run.forEach((x) => {
          const id = x.e.id;
          delete fly[id];
          if (!retry) delete box[id];
          // Gone already means evicted meanwhile: do not bring it back.
          else if (box[id]) next = Math.min(next, (box[id] = { ...x, a: x.a + 1, t: t + Math.max(wait, backoff(x.a)), l: 0 }).t);
        }),
      );
      if (s > 199 && s < 300) run.forEach((x) => delete mine[x.e.id]), note(DELIVERED, run, s);
      else if (!retry) drop(run, 'HTTP ' + s);
      else note(RETRY, run, s);
    }
  };

  // One tab flushes at a time; the browser frees a dead tab's lock. Without Web Locks, the
  // leases taken in `round` keep two senders off the same entry. A page whose storage is blocked
  // has the API but may not use it (Firefox with all cookies blocked rejects every request with
  // a SecurityError): it sends by the leases too, or it would never send while it lives.
  const lock = (work: () => Promise<void>) =>
    navigator.locks ? navigator.locks.request('reftrace-outbox', { ifAvailable: true }, (held) => held && work()).catch(work) : work();

  const flush = (): Promise<void> => {
    again = 1;
    return stopped ? noop() : (running ||= lock(async () => {
      while (again && !stopped) (again = 0), await round();
    })
      .catch(noop)
      .then(() => {
        running = 0;
        clearTimeout(timer);
        // Still `again`: the lock was busy, or a push came after the last round (1 s, by the clamp).
        const wait = again ? 0 : next - Date.now();
        // Clamped: a far Retry-After must not overflow setTimeout into a busy loop.
        if (wait < 1 / 0) timer = setTimeout(flush, Math.min(Math.max(wait, 1e3), 36e5));
      }));
  };

  const push = async (event: WireEvent) => {
    if (!stopped) try {
      const json = JSON.stringify(event);
      // A copy: later changes by the caller must not reach the wire.
      const x: Entry = { e: JSON.parse(json), s: bytes(json) + 25, a: 0, t: 0, l: 0 };
      mine[x.e.id] = x;
      queue.push(x);
      note(QUEUED, x.e);
      // Pushes in the same tick share one write.
      await (writing ||= Promise.resolve().then(async () => {
        const q = queue;
        queue = [];
        writing = 0;
        // Not `||=`: compiled for ES2020 it needs a temporary, and costs bytes.
        await save((box) => q.forEach((x) => box[x.e.id] || (box[x.e.id] = x)));
        flush();
      }));
    } catch {
      drop([{ e: event } as Entry], 'bad event');
    }
  };

  // The page may be going away: no lock and no waiting, so only this page's own unconfirmed
  // events, and not those already in a keepalive request, which outlives the page by itself.
  const leave = () => {
    for (const run of split(Object.values(stopped ? {} : mine).filter((x) => !fly[x.e.id]))) {
      const json = body(run);
      if (beacon(endpoint, json)) run.forEach((x) => delete mine[x.e.id]), note(BEACON, run);
      else pixel(endpoint, json);
    }
  };
  // visibilitychange bubbles from the document to the window.
  addEventListener('visibilitychange', () => document.hidden && leave());
  addEventListener('pagehide', leave);
  // Back online: whatever waits out a backoff goes now.
  addEventListener('online', () => ((force = 1), flush()));
  flush();
  return {
    push,
    flush,
    stop() {
      stopped = 1;
      clearTimeout(timer);
    },
    _leave: leave,
  };
};
