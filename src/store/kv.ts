import { clear, createStore, del, get, set, update, type UseStore } from 'idb-keyval';

/*
 * One IndexedDB database for everything reftrace persists, opened lazily so that importing
 * the SDK, SSR, and a visitor whose consent is pending never create it.
 */
let store: UseStore | undefined;
const db = (): UseStore => (store ||= createStore('reftrace', 'kv'));

/**
 * Every IndexedDB call is time-boxed: Safari private windows and background tabs can leave
 * requests hanging forever, and a hung promise would stall the whole pipeline behind it.
 * The box is three timer steps, each counted however late it fires: a long task on the main
 * thread holds IndexedDB's answer back as long as the timer, and must not pass for a hung
 * database (the write would then land twice, late in IndexedDB and in the fallback).
 */
export const timebox = <T>(work: () => Promise<T>, ms = 1500, cancel?: () => unknown): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const step = (left: number) => {
      if (left) return void setTimeout(step, ms / 3, left - 1);
      // Past cancelling (committed): the work's own answer is on its way and settles the call.
      try {
        cancel?.();
      } catch {
        return;
      }
      reject(Error('reftrace: IndexedDB timed out'));
    };
    step(3);
    // Synchronous throws (no indexedDB at all, SecurityError) become rejections too.
    new Promise<T>((r) => r(work())).then(resolve, reject);
  });

export const kvGet = <T>(key: string): Promise<T | undefined> => timebox(() => get<T>(key, db()));
export const kvSet = (key: string, value: unknown): Promise<void> => timebox(() => set(key, value, db()));
export const kvDel = (key: string): Promise<void> => timebox(() => del(key, db()));
/**
 * A read-modify-write in one IndexedDB transaction, so concurrent tabs cannot interleave. Timed
 * out, its transaction is aborted (or, not begun yet, never begins): the caller then writes the
 * fallback, and the same change landing late in IndexedDB as well would, on the next page, bring
 * back what this page deleted from the fallback (events it delivered).
 */
export const kvUpdate = <T>(key: string, fn: (old: T | undefined) => T): Promise<void> => {
  let tx: IDBTransaction | 0 | undefined;
  return timebox(
    () =>
      update<T>(key, fn, (mode, use) =>
        db()(mode, (store) => {
          // Timed out already: the caller has its rejection, and the fallback has the change.
          if (tx === 0) throw Error();
          tx = store.transaction;
          return use(store);
        }),
      ),
    1500,
    () => (tx ? tx.abort() : (tx = 0)),
  );
};

/**
 * Erases everything reftrace keeps in IndexedDB. A database this page never opened is deleted
 * outright (so a visitor who refused consent is left with none); an open one is emptied, since
 * deleting it would wait forever on our own connection.
 */
export const kvErase = (): Promise<unknown> =>
  timebox(() =>
    store
      ? clear(store)
      : new Promise((resolve, reject) => {
          const request = indexedDB.deleteDatabase('reftrace');
          request.onsuccess = resolve;
          request.onerror = reject;
        }),
  );
