import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { DELIVERY_COLUMNS, prepared } from './prepared.js';
import { deliveries, processedEvents, type Delivery } from '../db/schema.js';

/**
 * Deliveries are claimed in the database before anything is sent and marked after, so a retry,
 * a double click or a second process never sends the same thing twice.
 */

export const subjects = {
  checkin: (cycleId: number, week: number, personId: number) => `cycle:${cycleId}/week:${week}/person:${personId}`,
  reminder: (cycleId: number, week: number, personId: number, n: number) => `cycle:${cycleId}/week:${week}/person:${personId}/reminder:${n}`,
  digest: (cycleId: number, teamId: number, week: number) => `cycle:${cycleId}/team:${teamId}/week:${week}`,
  midcycle: (cycleId: number, teamId: number) => `cycle:${cycleId}/team:${teamId}`,
  gradeRequest: (cycleId: number, personId: number) => `cycle:${cycleId}/person:${personId}`,
  summary: (cycleId: number, teamId: number) => `cycle:${cycleId}/team:${teamId}`,
  silenceNotice: (cycleId: number, personId: number, week: number, teamId: number) => `cycle:${cycleId}/person:${personId}/week:${week}/team:${teamId}`,
  adminAlert: (key: string, adminSlackId: string) => `${key}/admin:${adminSlackId}`,
};

/** Slack errors worth trying again later; anything else is final for that delivery. */
export const TRANSIENT_ERRORS = ['ratelimited', 'http_error', 'internal_error', 'fatal_error', 'request_timeout', 'service_unavailable', 'request_error'];

/** A claim this old without an outcome was cut off mid-send (a crash, a kill). */
export const INTERRUPTED_AFTER_MS = 10 * 60 * 1000;

/**
 * Marks claims that never got an answer as failed with `interrupted`. Whether Slack received them
 * is unknown, so they are not retried (at most once: nobody is DMed twice); they show up in the
 * digest's "could not reach" instead of silently looking pending.
 */
export function markInterrupted(db: Db, now: Date): number {
  return prepared(db, "UPDATE deliveries SET state = 'failed', error = 'interrupted' WHERE state = 'claimed' AND claimed_at < ?").run(new Date(now.getTime() - INTERRUPTED_AFTER_MS).toISOString()).changes;
}
export const MAX_ATTEMPTS = 5;

export interface ClaimInput {
  purpose: string;
  subject: string;
  cycleId?: number | null;
  week?: number | null;
  personId?: number | null;
  teamId?: number | null;
  krId?: number | null;
}

/** Returns the new claim, or null when this purpose+subject was already claimed. */
export function claimDelivery(db: Db, input: ClaimInput, now: Date = new Date()): Delivery | null {
  const row = prepared(
    db,
    `INSERT INTO deliveries (purpose, subject, cycle_id, week, person_id, team_id, kr_id, state, attempts, claimed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'claimed', 1, ?) ON CONFLICT DO NOTHING RETURNING ${DELIVERY_COLUMNS}`,
  ).get(input.purpose, input.subject, input.cycleId ?? null, input.week ?? null, input.personId ?? null, input.teamId ?? null, input.krId ?? null, now.toISOString());
  return (row as Delivery | undefined) ?? null;
}

/**
 * Claims a delivery: a new row, or a failed one whose error was transient and that has attempts
 * left. Null when it was sent, is being sent, or failed for good.
 */
export function claimOrRetry(db: Db, input: ClaimInput, now: Date = new Date()): Delivery | null {
  // Read first: most calls find the thing already done, and a read costs far less than a write.
  const existing = findDelivery(db, input.purpose, input.subject);
  if (existing && !isRetryable(existing)) return null;
  const fresh = claimDelivery(db, input, now);
  if (fresh) return fresh;
  return (
    db
      .update(deliveries)
      .set({ state: 'claimed', attempts: sql`${deliveries.attempts} + 1`, claimedAt: now.toISOString() })
      .where(
        and(
          eq(deliveries.purpose, input.purpose),
          eq(deliveries.subject, input.subject),
          eq(deliveries.state, 'failed'),
          inArray(deliveries.error, TRANSIENT_ERRORS),
          lt(deliveries.attempts, MAX_ATTEMPTS),
        ),
      )
      .returning()
      .get() ?? null
  );
}

/** Records that nothing needed sending, so the scheduler stops considering it. */
export function recordSkipped(db: Db, input: ClaimInput, reason: string, now: Date = new Date()): void {
  db.insert(deliveries).values({ ...input, state: 'skipped', error: reason, attempts: 0, claimedAt: now.toISOString() }).onConflictDoNothing().run();
}

export function markSent(db: Db, id: number, channel: string, ts: string, now: Date = new Date()): void {
  prepared(db, "UPDATE deliveries SET state = 'sent', channel = ?, ts = ?, error = NULL, sent_at = ? WHERE id = ?").run(channel, ts, now.toISOString(), id);
}

export function markFailed(db: Db, id: number, error: string): void {
  // A 429 is Slack pacing us, not a failed attempt: it does not use up the retry budget.
  const attempts = error === 'ratelimited' ? sql`${deliveries.attempts} - 1` : deliveries.attempts;
  db.update(deliveries).set({ state: 'failed', error, attempts }).where(eq(deliveries.id, id)).run();
}

export function findDelivery(db: Db, purpose: string, subject: string): Delivery | undefined {
  return prepared(db, `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE purpose = ? AND subject = ?`).get(purpose, subject) as Delivery | undefined;
}

/** True the first time an event id is seen. */
export function claimEvent(db: Db, eventId: string): boolean {
  return db.insert(processedEvents).values({ eventId }).onConflictDoNothing().run().changes === 1;
}

export function pruneEvents(db: Db, olderThan: Date): number {
  return db.delete(processedEvents).where(sql`${processedEvents.receivedAt} < ${olderThan.toISOString()}`).run().changes;
}

export function listDeliveries(db: Db, purpose: string, cycleId: number, fromWeek?: number): Delivery[] {
  return db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.purpose, purpose), eq(deliveries.cycleId, cycleId), fromWeek === undefined ? undefined : gte(deliveries.week, fromWeek)))
    .all();
}

export function isRetryable(d: Pick<Delivery, 'state' | 'error' | 'attempts'>): boolean {
  return d.state === 'failed' && d.error !== null && TRANSIENT_ERRORS.includes(d.error) && d.attempts < MAX_ATTEMPTS;
}
