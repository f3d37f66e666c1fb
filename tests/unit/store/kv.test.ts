import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { timebox } from '../../../src/store/kv';

/*
 * IndexedDB as kv.ts sees it through idb-keyval: a database that opens when `open()` says, and a
 * transaction whose update answers when `answer()` says. happy-dom has no IndexedDB.
 */
const idb = vi.hoisted(() => ({
  tx: { abort: (() => {}) as () => void },
  open: () => {},
  answer: () => {},
  begun: 0,
}));
vi.mock('idb-keyval', () => ({
  createStore: () => (_mode: string, use: (store: unknown) => Promise<unknown>) =>
    new Promise((resolve, reject) => (idb.open = () => Promise.resolve().then(() => use({ transaction: idb.tx })).then(resolve, reject))),
  update: (_key: string, _fn: unknown, store: (mode: string, use: (store: unknown) => Promise<unknown>) => Promise<unknown>) =>
    store('readwrite', () => (idb.begun++, new Promise<void>((resolve) => (idb.answer = resolve)))),
  get: vi.fn(),
  set: vi.fn(),
  del: vi.fn(),
  clear: vi.fn(),
}));

beforeEach(() => {
  vi.useFakeTimers();
  vi.resetModules();
  idb.begun = 0;
  idb.tx.abort = vi.fn();
});
afterEach(() => vi.useRealTimers());

it('rejects work that hangs after 1.5 s, and not before', async () => {
  const boxed = timebox(() => new Promise(() => {}));
  const outcome = vi.fn();
  boxed.then(outcome, outcome);
  await vi.advanceTimersByTimeAsync(1499);
  expect(outcome).not.toHaveBeenCalled();
  await vi.advanceTimersByTimeAsync(1);
  expect(outcome).toHaveBeenCalledWith(expect.objectContaining({ message: 'reftrace: IndexedDB timed out' }));
});

it('resolves work that answers in time, and rejects what throws at once', async () => {
  await expect(timebox(async () => 1)).resolves.toBe(1);
  await expect(
    timebox(() => {
      throw Error('no IndexedDB');
    }),
  ).rejects.toThrow('no IndexedDB');
});

describe('kvUpdate timed out (issue 9: a write must not land twice)', () => {
  const settled = (promise: Promise<unknown>) => {
    const outcome = { value: undefined as unknown, done: false };
    promise.then(
      (v) => Object.assign(outcome, { value: v, done: true }),
      (e) => Object.assign(outcome, { value: e, done: true }),
    );
    return outcome;
  };
  const load = async () => (await import('../../../src/store/kv')).kvUpdate;

  it('aborts the transaction it began, so the fallback holds the only copy', async () => {
    const kvUpdate = await load();
    const outcome = settled(kvUpdate('outbox', (x) => x));
    idb.open();
    await vi.advanceTimersByTimeAsync(1500);
    expect(idb.tx.abort).toHaveBeenCalledTimes(1);
    expect(outcome).toMatchObject({ done: true, value: expect.objectContaining({ message: 'reftrace: IndexedDB timed out' }) });
  });

  it('never begins a transaction once timed out, when the database opens late', async () => {
    const kvUpdate = await load();
    const outcome = settled(kvUpdate('outbox', (x) => x));
    await vi.advanceTimersByTimeAsync(1500);
    expect(outcome.done).toBe(true);
    idb.open();
    await vi.advanceTimersByTimeAsync(10);
    expect(idb.begun).toBe(0);
  });

  it('waits for the answer of a transaction past aborting (committed): no fallback write', async () => {
    const kvUpdate = await load();
    idb.tx.abort = vi.fn(() => {
      throw new DOMException('finished', 'InvalidStateError');
    });
    const outcome = settled(kvUpdate('outbox', (x) => x));
    idb.open();
    await vi.advanceTimersByTimeAsync(1500);
    expect(outcome.done).toBe(false);
    idb.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome).toMatchObject({ done: true, value: undefined });
  });
});
