import { kvUpdate } from '../store/kv';

/** An id-keyed record, so that what a fallback held can be merged back into IndexedDB. */
export type Box<T> = Record<string, T>;

// Once IndexedDB failed on this page, later writes skip straight to the fallback instead of
// each waiting out the time-box again.
let broken = 0;
const memory: Box<Box<any>> = {};

/**
 * Read-modify-write of `key`: in one IndexedDB transaction, so tabs cannot interleave; else in
 * localStorage; else in this page's memory. Never rejects. `change` edits the box in place and
 * may run twice (a write that timed out is redone in the fallback), so it must reset its outputs.
 */
export const persist = async <T>(key: string, change: (box: Box<T>) => void): Promise<void> => {
  const k = 'reftrace:' + key;
  let saved: Box<T> | 0 = 0;
  // Reads and writes the fallback in one synchronous step, so calls cannot interleave there.
  // What it holds (an earlier page's, when IndexedDB failed there) joins IndexedDB here.
  const apply = (old?: Box<T>) => {
    saved = 0;
    try {
      saved = memory[key] || JSON.parse(localStorage[k]);
    } catch {}
    const box = { ...saved, ...old };
    change(box);
    return box;
  };
  if (!broken)
    try {
      await kvUpdate(key, apply);
      if (saved) delete localStorage[k];
      return;
    } catch {
      broken = 1;
    }
  const box = apply();
  try {
    localStorage[k] = JSON.stringify(box);
    delete memory[key];
  } catch {
    memory[key] = box;
  }
};
