/*
 * What the tracker tells the debug report: a numeric code and its data, never words. The words
 * live in debug/report.ts, which only debug mode loads (a chunk of its own for npm, the sibling
 * file reftrace.debug.min.js for the script tag), so the default build carries a number per note.
 * The data is plain: wire events, touchpoints, public options; never a `_` name, which the two
 * script-tag builds minify differently.
 */

/** The tracker started: `(options)`; the report works out the rest as the tracker did. */
export const STARTED = 0;
/*
 * The landing notes carry the page's URL first; the report reads it again for what capture
 * refused (REFUSED, SUB_IDS_DROPPED), which the tracker therefore never notes itself.
 */
/** This page's landing became a new touch: `(href, touchpoint)`. */
export const CAPTURED = 1;
/** A page with no touch to capture: `(href)`. */
export const NOTHING = 2;
/** Said by the report: a referral parameter whose value is not a code, `(value)`. */
export const REFUSED = 3;
/** Said by the report: sub-id parameters whose value is not a sub-id, `(['sub2=…'])`. */
export const SUB_IDS_DROPPED = 4;
/** A landing inside a frame of another site, not recorded: `(href)`. */
export const FRAMED = 5;
/** A landing that continues a visit the journey holds: `(href, landing, touchpoints, ts)`. */
export const SAME_VISIT = 6;
/** Storage opened and settled: `(journey)`; the layers are the options'. */
export const STORED = 7;
/** Consent changed: `(state)`. */
export const CONSENT = 8;
/** An event not made because consent is denied: `(type)`. */
export const NOT_SENT = 9;
/** An event held in memory until consent is granted: `(event)`. */
export const HELD = 10;
/** An order that converted before in this browser: `(orderId)`. */
export const CONVERTED_BEFORE = 11;
/** A command that failed: `(error)`. */
export const REJECTED = 12;
/** An event queued in the outbox: `(event)`. */
export const QUEUED = 13;
/** Events the collector accepted: `(entries, status)`, each entry holding its event as `e`. */
export const DELIVERED = 14;
/** Events to try again later (backoff, `Retry-After`): `(entries, status)`; status 0 is a network error. */
export const RETRY = 15;
/** An event given up on, or a fault: `(why, event?)` (the `onError` message). */
export const DROPPED = 16;
/** Events handed to `sendBeacon` as the page went away: `(entries)`. */
export const BEACON = 17;

/** A note as the tracker makes it: its code first, then its data. */
export type Note = (code: number, ...data: unknown[]) => void;

/**
 * The notes of one tracker, in order: the one hook between the tracker and the report. The report
 * reads what is there when it arrives and takes over `push` for the rest (debug/report.ts).
 */
export type Notes = unknown[][];

/** Hands the notes to the report's words: a dynamic import for npm, the sibling file for the script tag. */
export type LoadReport = (notes: Notes) => void;

/** The tracker's note hook: without debug mode a note costs a call and keeps nothing. */
export const notes = (load?: LoadReport | false): Note => {
  const kept: Notes = [];
  if (load) load(kept);
  return (...note) => load && kept.push(note);
};
