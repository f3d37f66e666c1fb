import { nanoid } from 'nanoid';
import type { EventBase, WireEvent } from '../events/event';
import { VERSION } from '../version';

/**
 * The envelope of an event the server records on the browser's behalf (pixel, click redirect), or
 * on its own (`conversionFrom`, marked `context.server`: no browser saw it).
 */
export const serverEvent = <E extends WireEvent>(
  type: E['type'],
  body: Omit<E, keyof EventBase>,
  { id = nanoid(), ts = Date.now(), anonymousId, userId, page, referrer, test, server }: { id?: string; ts?: number; anonymousId: string; userId?: string; page: string; referrer?: string; test?: boolean; server?: boolean },
): E =>
  ({
    id,
    type,
    ts,
    // Handed to the callback now: there is no delivery attempt of its own to time.
    sentAt: ts,
    anonymousId,
    ...(userId && { userId }),
    ...(test && { test: true }),
    context: { page, ...(referrer && { referrer }), ...(server && { server: true }), library: { name: 'reftrace', version: VERSION } },
    ...body,
  }) as E;

/** Runs a mounting code's callback without letting it break the response; what it throws goes to `onError`. */
export const deliver = async <E>(event: E, onEvent: ((event: E) => unknown) | undefined, onError: (error: unknown) => void): Promise<void> => {
  try {
    await onEvent?.(event);
  } catch (error) {
    onError(error);
  }
};

/** Reports to `onError`, which may itself throw: the response must still go out. */
export const report = <D>(onError: ((error: Error, detail: D) => unknown) | undefined, error: unknown, detail: D): void => {
  try {
    onError?.(error instanceof Error ? error : Error(String(error)), detail);
  } catch {}
};
