import type { Journey, Touchpoint, WireEvent } from 'reftrace';
import { validJourney } from 'reftrace/server';
import type { Queryable } from './database.js';

/** The newest events of a visitor the journey is read from: far more than the touches a browser keeps. */
const NEWEST = 200;
/** As the browser's journey: its newest touches, oldest first. */
const MAX_TOUCHES = 50;

type Row = { anonymous_id: string; user_id: string | null; body: WireEvent };

/** The touches an event carries: a click's, or those a conversion was credited over. */
const touchesOf = (event: WireEvent): Touchpoint[] =>
  event.type == 'click' ? [event.touchpoint] : event.type == 'conversion' ? event.touchpoints : [];

/**
 * A visitor's journey from the events of theirs this collector stored, newest first: the union
 * of their clicks' touchpoints and their conversions' touchpoints (by touch id, oldest first, the
 * newest `MAX_TOUCHES`), and the newest `userId` any of their events carried. Rebuilt by the SDK's
 * own `validJourney`, a touch at a time, so what it returns is what `fromReferralId` accepts.
 */
const journeyOf = (anonymousId: string, rows: Row[]): Journey | undefined => {
  if (!rows.length) return;
  const byId = new Map<string, Touchpoint>();
  for (const { body } of rows) for (const t of touchesOf(body)) if (!byId.has(t.id) && validJourney({ anonymousId, touchpoints: [t] })) byId.set(t.id, t);
  const touchpoints = [...byId.values()].sort((a, b) => a.ts - b.ts).slice(-MAX_TOUCHES);
  const userId = rows.find((r) => r.user_id != null)?.user_id ?? undefined;
  return validJourney({ anonymousId, ...(userId && { userId }), touchpoints });
};

/**
 * The journeys the collector holds for these visitors, by anonymous id, from what is committed
 * plus `pending` (the delivery being stored: a click and a conversion may arrive together).
 * Test events are left out: a test click never credits a real conversion.
 */
export const heldJourneys = async (db: Queryable, anonymousIds: string[], pending: readonly WireEvent[] = []): Promise<Map<string, Journey>> => {
  const ids = [...new Set(anonymousIds)];
  if (!ids.length) return new Map();
  const stored = await db.query<Row>(
    `SELECT anonymous_id, user_id, body FROM (
       SELECT anonymous_id, user_id, body, at, id,
         row_number() OVER (PARTITION BY anonymous_id ORDER BY at DESC, id) AS n
       FROM events WHERE anonymous_id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND NOT test
     ) e WHERE n <= ${NEWEST} ORDER BY at DESC, id`,
    [JSON.stringify(ids)],
  );
  const fresh: Row[] = pending.filter((e) => !e.test && ids.includes(e.anonymousId)).map((e) => ({ anonymous_id: e.anonymousId, user_id: e.userId ?? null, body: e }));
  const found = new Map<string, Journey>();
  for (const id of ids) {
    const journey = journeyOf(id, [...fresh.filter((r) => r.anonymous_id == id).reverse(), ...stored.filter((r) => r.anonymous_id == id)]);
    if (journey) found.set(id, journey);
  }
  return found;
};
