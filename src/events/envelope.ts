import { nanoid } from 'nanoid';
import { redactPath } from '../capture/personal';
import type { Journey } from '../types';
import { VERSION } from '../version';
import type { EventBase } from './event';

/**
 * The fields every event carries: a new id (its idempotency key for good), the visitor, the page,
 * and `test` when the journey followed a test link or the page is in test mode.
 * Absent fields are left `undefined`: JSON drops them on the wire.
 */
export const envelope = (type: string, ts: number, { anonymousId, userId, test }: Journey, page = location.pathname, testing?: boolean): EventBase => ({
  id: nanoid(),
  type,
  ts,
  anonymousId,
  userId,
  test: test || testing || undefined,
  context: { page: redactPath(page), referrer: document.referrer ? new URL(document.referrer).hostname : undefined, library: { name: 'reftrace', version: VERSION } },
});
