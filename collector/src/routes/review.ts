import type { Hono } from 'hono';
import type { Database } from '../storage/database.js';
import { decide } from '../storage/review.js';
import { readBody } from './body.js';

/**
 * `POST /api/conversions/:id/review` with `{ "decision": "approve" | "reject", "note"?: "…" }`:
 * decides a conversion the fraud rules held. 200 with the new status; 404 for an unknown id;
 * 409 when it is not under review (already decided, or never held).
 */
export const reviewRoute = (app: Hono, db: Database) =>
  app.post('/conversions/:id/review', async (c) => {
    const text = await readBody(c.req.raw, 16 * 1024);
    if (text === undefined) return c.json({ error: 'body over 16 KiB' }, 413);
    let body: { decision?: unknown; note?: unknown };
    try {
      body = JSON.parse(text) ?? {};
    } catch {
      return c.json({ error: 'malformed JSON: expected { "decision": "approve" | "reject", "note": "…" }' }, 400);
    }
    const { decision, note } = body;
    if (decision !== 'approve' && decision !== 'reject') return c.json({ error: 'decision: "approve" or "reject"' }, 400);
    if (note !== undefined && (typeof note != 'string' || note.length > 1000)) return c.json({ error: 'note: a string of at most 1,000 characters' }, 400);
    const outcome = await decide(db, c.req.param('id'), decision, note, Date.now());
    return outcome.ok ? c.json(outcome) : c.json({ error: outcome.error }, outcome.status);
  });
