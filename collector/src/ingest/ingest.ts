import type { ConversionEvent, WireEvent } from 'reftrace';
import { readJourney, type Secret, type VerifiedJourney } from 'reftrace/server';
import { duplicateOrder, review } from '../rules/fraud/index.js';
import { price } from '../rules/commission.js';
import { leadPartner, recurringPartner } from '../rules/recurring.js';
import type { Rules } from '../rules/rules.js';
import type { Database } from '../storage/database.js';
import { DatabaseUnavailable, isDataError, isRetryable } from '../storage/errors.js';
import { history } from '../storage/history.js';
import { heldJourneys } from '../storage/journeys.js';
import { boundPartners, writeBatch, type Batch, type ConversionRow, type EventRow, type RejectedRow } from '../storage/write.js';
import { correctedTime } from './skew.js';
import { invalidReason } from './validate.js';
import { journeyKind, verify, type Verdict } from './verify.js';

/** What is known about a delivery besides its events. */
export interface IngestMeta {
  /** How it arrived: `post`, `pixel`, or the name of a mounted handler (`click`, …). */
  via: string;
  /** Arrival, epoch ms on the collector's clock. Default now. */
  receivedAt?: number;
  /** The request's `Cookie` header, where the merchant's server-set journey cookie may be. */
  cookie?: string;
  /** Sent by an authenticated backend (the admin token), not by a browser. */
  trusted?: boolean;
  /** A keyed hash of the client's address and user agent (`clientHash`), for the click-flood rule. */
  client?: string;
}

export interface IngestOptions {
  /** The secret(s) `reftrace/server` signs the journey cookie with: conversions then rest on a `signed`, `unverified` or `tampered` journey. */
  secret?: Secret;
}

export interface IngestResult {
  /** Events stored now. */
  stored: number;
  /** Events already stored (retries, unload beacons), absorbed. */
  duplicates: number;
  /** Conversions stored as duplicates of an order that already converted. */
  duplicateOrders: number;
  /** Invalid events, by index in the delivery, with the reason they were recorded under. */
  rejected: { index: number; id?: string; reason: string }[];
}

export type Ingest = (events: readonly unknown[], meta: IngestMeta) => Promise<IngestResult>;

/** The body kept of a rejected event: enough to see what went wrong, never unbounded. */
const excerpt = (event: unknown) => {
  let text: string;
  try {
    text = JSON.stringify(event) ?? String(event);
  } catch {
    text = String(event);
  }
  return text.length > 2000 ? text.slice(0, 2000) : text;
};

const idOf = (event: unknown) => {
  const id = (event as { id?: unknown } | null)?.id;
  return typeof id == 'string' && id.length <= 64 && !id.includes('\0') && id.isWellFormed() ? id : undefined;
};

/**
 * The one way events enter the database, used by the POST and pixel routes and by any handler
 * mounted later (the SDK's pixel and click redirect call it from their `onEvent`). Each event
 * is checked alone; valid ones are stored in one statement, with their conversions priced
 * from the recomputed award, and invalid ones recorded in `rejected`. It resolves only once all
 * of it is committed, and rejects with `DatabaseUnavailable` when it could not be, so that a
 * caller acknowledges nothing the database does not hold.
 */
export const createIngest = (db: Database, rules: Rules, { secret }: IngestOptions = {}): Ingest => {
  /** The rows of one delivery; the database decides which events are new and which orders are taken. */
  const prepare = async (valid: WireEvent[], rejected: RejectedRow[], meta: IngestMeta, receivedAt: number): Promise<Batch> => {
    // The journey cookie is the delivery's, checked once (signatures are Web Crypto, asynchronous).
    const trust: VerifiedJourney | undefined =
      secret != null && valid.some((e) => e.type == 'conversion') ? await readJourney(meta.cookie ?? '', { secret, now: receivedAt, windowDays: 3650 }) : undefined;
    // A server conversion by referral id carries no touchpoints: it is credited over the journey
    // this collector holds for its visitor (their clicks and earlier conversions).
    const byReferralId = (e: WireEvent): e is ConversionEvent => e.type == 'conversion' && e.context.server === true && !e.touchpoints.length;
    const held = await heldJourneys(db, valid.filter(byReferralId).map((e) => e.anonymousId), valid);
    const events: (EventRow & { verdict?: Verdict; collector?: boolean })[] = valid.map((e) => {
      const touchpoints = byReferralId(e) ? held.get(e.anonymousId)?.touchpoints : undefined;
      const verdict = e.type == 'conversion' ? verify(e, rules, touchpoints?.length ? touchpoints : undefined) : undefined;
      return {
        id: e.id,
        type: e.type,
        anonymous_id: e.anonymousId,
        user_id: e.userId ?? null,
        ref: e.type == 'click' ? (e.touchpoint.ref ?? null) : (verdict?.award.ref ?? null),
        ts: e.ts,
        sent_at: e.sentAt ?? null,
        received_at: receivedAt,
        at: correctedTime(e.ts, e.sentAt, receivedAt),
        via: meta.via,
        client: meta.client ?? null,
        test: e.test === true,
        body: e,
        verdict,
        collector: !!touchpoints?.length,
      };
    });
    const converted = events.filter((r) => r.verdict);
    // Conversions without a partner of their own may earn for the customer's bound partner: the
    // lead that bound them (for the binding's days), or their first sale's (for the recurring months).
    const unpaid = converted.filter((r) => r.ref == null && r.user_id != null && !r.test).map((r) => r.user_id!);
    const bindings = await boundPartners(db, unpaid);
    // What is committed, plus this delivery: a page that identifies and converts sends both at once.
    const past = history(db, { events: valid, client: meta.client });
    const conversions: ConversionRow[] = await Promise.all(converted.map(async (r) => {
      const event = r.body as ConversionEvent;
      const { conversion } = event;
      const verdict = r.verdict!;
      const binding = r.ref == null && r.user_id != null && !r.test ? bindings.get(r.user_id) : undefined;
      const lead = leadPartner(rules, binding, r.at);
      const recurring = lead ? null : recurringPartner(rules, binding, r.at);
      const ref = r.ref ?? lead ?? recurring;
      // A test event is stored and counted apart; it never earns, binds or goes to review.
      const priced = r.test
        ? { commission: 0, currency: conversion.currency ?? null, rule: 'test', holdUntil: null }
        : price(rules, { type: conversion.type, amount: conversion.amount, currency: conversion.currency, ref, recurring: !!recurring, at: r.at });
      // What the credit rests on: the journey this collector holds, a lead's binding, or the event's own.
      const journey = lead ? 'bound' : r.collector ? 'collector' : journeyKind(verdict.award, meta, trust, receivedAt);
      const reasons = r.test ? [] : await review({ event, award: verdict.award, at: r.at, flags: verdict.flags, journey, client: meta.client }, rules.fraud, past);
      return {
        event_id: r.id,
        order_id: conversion.orderId ?? null,
        type: conversion.type,
        amount: conversion.amount,
        currency: conversion.currency ?? null,
        ref,
        user_id: r.user_id,
        anonymous_id: r.anonymous_id,
        at: r.at,
        commission: priced.commission,
        commission_currency: priced.currency,
        rule: priced.rule,
        // Held for a person when a fraud rule objects: pending, neither approved nor paid.
        status: r.test ? 'test' : reasons.length ? 'review' : 'approved',
        hold_until: priced.holdUntil,
        flags: verdict.flags,
        attribution: verdict.attribution,
        award: verdict.award,
        claimed: verdict.claimed,
        journey,
        reasons,
      };
    }));
    // A customer is bound by the earliest conversion of theirs in this delivery that pays a
    // partner: a sale (final) before a lead (provisional, until their first sale).
    const binder = new Map<string, ConversionRow & { kind: 'lead' | 'sale' }>();
    for (const c of conversions) {
      const kind = c.rule.startsWith('sale') || c.rule.startsWith('recurring') ? 'sale' : c.rule.startsWith('lead') ? 'lead' : undefined;
      if (c.user_id == null || c.ref == null || !kind) continue;
      const earlier = binder.get(c.user_id);
      if (!earlier || (kind == 'sale' && earlier.kind == 'lead') || (kind == earlier.kind && c.at < earlier.at)) binder.set(c.user_id, { ...c, kind });
    }
    return {
      events: events.map(({ verdict, collector, ...row }) => row),
      conversions,
      bindings: [...binder.values()].map((c) => ({ user_id: c.user_id!, ref: c.ref!, bound_at: c.at, event_id: c.event_id, kind: c.kind })),
      rejected,
    };
  };

  const commit = async (valid: WireEvent[], rejected: RejectedRow[], meta: IngestMeta, receivedAt: number) => {
    const batch = await prepare(valid, rejected, meta, receivedAt);
    for (let attempt = 1; ; attempt++)
      try {
        const { fresh, duplicateOrders } = await writeBatch(db, batch);
        await duplicateOrder.holdOriginals(db, batch.conversions.filter((c) => duplicateOrders.has(c.event_id)), rules.fraud.rules[duplicateOrder.name]);
        return { stored: fresh.size, duplicates: new Set(valid.map((e) => e.id)).size - fresh.size, duplicateOrders: duplicateOrders.size };
      } catch (error) {
        if (!isRetryable(error) || attempt == 5) throw error;
      }
  };

  return async (events, meta) => {
    const receivedAt = meta.receivedAt ?? Date.now();
    const result: IngestResult = { stored: 0, duplicates: 0, duplicateOrders: 0, rejected: [] };
    const rejected: RejectedRow[] = [];
    const valid: WireEvent[] = [];
    const reject = (index: number, event: unknown, problem: string) => {
      const id = idOf(event);
      // A reason may quote a key of the event: a NUL or a lone surrogate in it must not break the row.
      const reason = problem.toWellFormed().replaceAll('\0', '\\u0000');
      result.rejected.push({ index, id, reason });
      rejected.push({ received_at: receivedAt, event_id: id ?? null, reason, body: excerpt(event) });
    };
    events.forEach((event, index) => {
      const reason = invalidReason(event);
      if (reason) reject(index, event, reason);
      else valid.push(event as WireEvent);
    });
    const add = (part: Awaited<ReturnType<typeof commit>>) => {
      result.stored += part.stored;
      result.duplicates += part.duplicates;
      result.duplicateOrders += part.duplicateOrders;
    };
    try {
      add(await commit(valid, rejected, meta, receivedAt));
    } catch (error) {
      if (!isDataError(error)) throw new DatabaseUnavailable(error);
      // Something valid by every check still broke a statement: store the events one by one,
      // so only the one at fault is rejected (with the database's reason) and none is retried forever.
      for (const event of valid)
        try {
          add(await commit([event], [], meta, receivedAt));
        } catch (single) {
          if (!isDataError(single)) throw new DatabaseUnavailable(single);
          reject(events.indexOf(event), event, 'database: ' + (single as Error).message);
        }
      try {
        await commit([], rejected, meta, receivedAt);
      } catch (again) {
        throw new DatabaseUnavailable(again);
      }
    }
    return result;
  };
};
