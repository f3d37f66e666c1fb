import { nanoid } from 'nanoid';
import { eligible } from '../attribution/window';
import type { Journey, Touchpoint } from '../types';
import { registrableDomain } from './cookie';
import { inWindow, mergeJourneys } from './journey';
import { createJourneyStore, type JourneyStore, type Layer } from './journey-store';

/**
 * This page's view of the visitor's journey, and its one door to storage. Until `open` it lives
 * in memory alone (consent pending, or the page still loading: storage work waits until the
 * script has run). Once open, every read takes in what other tabs stored since, and every save
 * merges with what is stored, so tabs never erase each other's touches. Members carry the private
 * prefix `_`, which the script tag's minifier shortens.
 */
export interface Session {
  readonly _journey: Journey;
  /** Storage may be read and written. */
  readonly _opened: boolean;
  /** Opens storage: joins what the synchronous layers hold, or, after a `reset` made while closed, clears it. */
  _open(clear?: unknown): void;
  /** The latest stored journey (another tab's newer touch, its `identify`), from the synchronous layers. */
  _refresh(): void;
  /** Merges with what is stored, then writes every layer. Nothing while closed. */
  _save(): Promise<void>;
  /** Joins what IndexedDB and the opt-in layers hold, then saves. */
  _settle(): Promise<void>;
  _identify(userId: string): void;
  /** The touchpoints inside the window at `now`, oldest first. */
  _touchpoints(now: number): Touchpoint[];
  /** A new identity and no touches, in memory only; closed until opened again. */
  _forget(): void;
  /** Removes everything reftrace stored in this browser (consent denied). */
  _erase(): Promise<void>;
}

export const createSession = (cookieDomain: string | undefined, windowDays: number, layers?: Layer[]): Session => {
  const fresh = (): Journey => ({ anonymousId: nanoid(), touchpoints: [] });
  let journey = fresh();
  let opened = false;
  // The user id an `identify` on this page set, until it is stored: it wins over the one storage
  // holds (the visitor switched accounts). Once stored, storage is the truth again, so that a
  // later `identify` in another tab wins in this one too.
  let own: string | undefined;
  // Bumped by `forget`: a read begun before must not bring the forgotten journey back.
  let era = 0;
  // Probing the registrable domain writes a cookie: created on first use, never while consent is pending.
  let store: JourneyStore | undefined;
  const storage = () => (store ||= createJourneyStore(cookieDomain ?? registrableDomain(location.hostname), windowDays, layers));

  // The stored identity wins over this page's fresh one: it is the visitor's.
  const join = (stored?: Journey) => {
    journey = mergeJourneys([stored, journey], Date.now(), windowDays)!;
    if (own) journey.userId = own;
  };
  const refresh = () => opened && join(storage().loadNow());
  const save = async () => {
    if (!opened) return;
    refresh();
    const id = own;
    await storage().save(journey);
    if (own == id) own = undefined;
  };

  return {
    get _journey() {
      return journey;
    },
    get _opened() {
      return opened;
    },
    _open(clear) {
      opened = true;
      if (clear) storage().clear();
      else refresh();
    },
    _refresh: refresh,
    _save: save,
    async _settle() {
      const at = era;
      const stored = await storage().load();
      if (at == era && opened) join(stored);
      await save();
    },
    _identify(userId) {
      journey.userId = own = userId;
    },
    // A touch from a clock that ran ahead counts as made now (store/journey.ts).
    _touchpoints: (now) => eligible(inWindow(journey.touchpoints, now, windowDays), now, windowDays),
    _forget() {
      journey = fresh();
      own = undefined;
      opened = false;
      era++;
    },
    _erase: () => storage().erase(),
  };
};
