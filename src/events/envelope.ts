import { nanoid } from 'nanoid';
import { redactPath } from '../capture/personal';
import type { Journey } from '../types';
import { VERSION } from '../version';
import type { EventBase } from './event';

/**
 * The fields every event carries: a new id (its idempotency key for good), the visitor, the page.
 * Absent fields are left `undefined`: JSON drops them on the wire.
 */
export const envelope = (type: string, ts: number, { anonymousId, userId }: Journey, page = location.pathname): EventBase => ({
  id: nanoid(),
  type,
  ts,
  anonymousId,
  userId,
  context: { page: redactPath(page), referrer: document.referrer ? new URL(document.referrer).hostname : undefined, library: { name: 'reftrace', version: VERSION } },
});
