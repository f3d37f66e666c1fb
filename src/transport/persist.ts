import { kvUpdate } from '../store/kv';

/** An id-keyed record, so that what a fallback held can be merged back into IndexedDB. */
export type Box<T> = Record<string, T>;

// Once IndexedDB failed on this page, later writes skip straight to the fallback instead of
// each waiting out the time-box again.
let broken = 0;
const memory: Box<Box<any>> = {};

/**
 * A record keyed by ids that come from outside (order ids, storage): without a prototype, an id
 * like `constructor` or `__proto__` is an entry like any other.
 */
export const box = <T>(from?: Box<T>): Box<T> => Object.assign(Object.create(null), from);

/** What the fallback holds for `key`: this page's memory, else localStorage. */
const held = <T>(key: string): Box<T> | undefined => {
  try {
    return memory[key] || JSON.parse(localStorage['reftrace:' + key]);
  } catch {}
};

/**
 * Read-modify-write of `key` in localStorage, else in this page's memory, in one synchronous
 * step, so that neither calls nor tabs can interleave. True when localStorage kept it.
 */
export const local = <T>(key: string, change: (box: Box<T>) => void): boolean => {
  const record = box(held<T>(key));
  change(record);
  try {
    localStorage['reftrace:' + key] = JSON.stringify(record);
    return delete memory[key];
  } catch {
    memory[key] = record;
    return false;
  }
};

/**
 * Read-modify-write of `key`: in one IndexedDB transaction, so tabs cannot interleave; else as
 * `local`. Never rejects. `change` edits the box in place and may run twice (a write that timed
 * out is redone in the fallback), so it must reset its outputs.
 */
export const persist = async <T>(key: string, change: (box: Box<T>) => void): Promise<void> => {
  if (!broken)
    try {
      let saved: Box<T> | undefined;
      // What the fallback holds (an earlier page's, when IndexedDB failed there) joins IndexedDB here.
      await kvUpdate(key, (old?: Box<T>) => {
        const record = box({ ...(saved = held<T>(key)), ...old });
        change(record);
        return record;
      });
      // Only what was merged leaves the fallback: another tab may have added to it meanwhile.
      if (saved && Object.keys(saved).length)
        local<T>(key, (box) => {
          for (const id in saved) delete box[id];
        });
      return;
    } catch {
      broken = 1;
    }
  local(key, change);
};
