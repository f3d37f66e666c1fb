import type { Journey } from '../types';
import type { TrackerOptions } from '../tracker';
import { explain, LANDING_NOTES, refusals, type Line } from './explain';
import { NOTHING, STARTED, STORED, type Notes } from './notes';
import { whereStored } from './where-stored';

/** Where a line goes: the console, by default. */
export type Print = (line: Line) => void;
const toConsole: Print = ({ level, text }) => console[level]('reftrace: ' + text);

/**
 * Debug mode's console report: each note the tracker made, then each it makes, in words and in
 * order (reading storage for STORED holds the notes behind it). Loaded only in debug mode: a
 * chunk of its own for npm, reftrace.debug.min.js for the script tag.
 */
export const listen = (notes: Notes, print: Print = toConsole): void => {
  let done: Promise<unknown> = Promise.resolve();
  let options: Partial<TrackerOptions> = {};
  const say = ([code, ...data]: unknown[]) => {
    if (code == STARTED) options = data[0] as TrackerOptions;
    done = done
      .then(async () => {
        const line = code == STORED ? { level: 'info' as const, text: await whereStored(data[0] as Journey, options.layers) } : explain(code as number, ...data);
        const refused = LANDING_NOTES.includes(code as number) ? refusals(data[0] as string, options) : [];
        refused.forEach(print);
        // A page whose only parameter was refused: the refusal says it all.
        if (line && !(code == NOTHING && refused.length)) print(line);
      })
      .catch((e) => console.warn('reftrace: the debug report failed on a note', code, e));
  };
  notes.splice(0).forEach(say);
  notes.push = (...more) => (more.forEach(say), 0);
};
