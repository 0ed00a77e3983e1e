import { and, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { DELIVERY_COLUMNS } from './prepared.js';
import type { Delivery } from '../db/schema.js';

/**
 * Deliveries are claimed in the database before anything is sent and marked after, so a retry,
 * a double click or a second process never sends the same thing twice.
 */

export const subjects = {
  checkin: (cycleId: number, week: number, personId: number) => `cycle:${cycleId}/week:${week}/person:${personId}`,
  reminder: (cycleId: number, week: number, personId: number, n: number) =>
    `cycle:${cycleId}/week:${week}/person:${personId}/reminder:${n}`,
  digest: (cycleId: number, teamId: number, week: number) => `cycle:${cycleId}/team:${teamId}/week:${week}`,
  midcycle: (cycleId: number, teamId: number) => `cycle:${cycleId}/team:${teamId}`,
  gradeRequest: (cycleId: number, personId: number) => `cycle:${cycleId}/person:${personId}`,
  summary: (cycleId: number, teamId: number) => `cycle:${cycleId}/team:${teamId}`,
  silenceNotice: (cycleId: number, personId: number, week: number, teamId: number) =>
    `cycle:${cycleId}/person:${personId}/week:${week}/team:${teamId}`,
  adminAlert: (key: string, adminSlackId: string) => `${key}/admin:${adminSlackId}`,
  proposal: (decisionId: number) => `decision:${decisionId}`,
  textAck: (cycleId: number, week: number, personId: number) => `cycle:${cycleId}/week:${week}/person:${personId}`,
  rollup: (cycleId: number, week: number) => `cycle:${cycleId}/week:${week}`,
  finalRollup: (cycleId: number) => `cycle:${cycleId}/final`,
};

/**
 * Failures worth trying again later (while attempts last); anything else is final for that delivery.
 * `interrupted` is a claim cut off mid-send (a crash) that reconciliation found was never posted.
 */
export const TRANSIENT_ERRORS = [
  'ratelimited',
  'http_error',
  'internal_error',
  'fatal_error',
  'request_timeout',
  'service_unavailable',
  'request_error',
  'interrupted',
  'workspace_unavailable',
];

/** Slack refused okrbot's own token or workspace: nothing about the recipient, retried once it is fixed. */
export const WORKSPACE_UNAVAILABLE = 'workspace_unavailable';

/** Refusals that say nothing about this delivery and so cost no attempt: Slack pacing us, or our token dead. */
const FREE_RETRIES = ['ratelimited', WORKSPACE_UNAVAILABLE];

/**
 * A claim without an outcome this old is in doubt: its sender crashed, or Slack's answer never
 * came. Longer than any one send can take (recipient lookups and the post, 10 s timeout each), so
 * a send still in flight is never mistaken for a lost one.
 */
export const IN_DOUBT_AFTER_MS = 2 * 60 * 1000;

/** Claims whose outcome okrbot did not see and that are old enough to reconcile. */
export async function listInDoubt(db: Db, now: Date): Promise<Delivery[]> {
  return db.raw<Delivery>(
    `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE workspace_id = ? AND state = 'claimed' AND claimed_at < ? ORDER BY id`,
    [db.workspaceId, new Date(now.getTime() - IN_DOUBT_AFTER_MS).toISOString()],
  );
}

/** Where a claimed delivery is about to be posted: recorded before the post, for reconciliation. */
export async function setDeliveryChannel(db: Db, id: number, channel: string): Promise<void> {
  await db.raw('UPDATE deliveries SET channel = ? WHERE id = ?', [channel, id]);
}

/** The post's outcome was not seen (timeout, 5xx, network): it stays claimed, with the reason. */
export async function markInDoubt(db: Db, id: number, error: string): Promise<void> {
  await db.raw("UPDATE deliveries SET error = ? WHERE id = ? AND state = 'claimed'", [error, id]);
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
export async function claimDelivery(db: Db, input: ClaimInput, now: Date = new Date()): Promise<Delivery | null> {
  const [row] = await db.raw<Delivery>(
    `INSERT INTO deliveries (workspace_id, purpose, subject, cycle_id, week, person_id, team_id, kr_id, state, attempts, claimed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'claimed', 1, ?) ON CONFLICT DO NOTHING RETURNING ${DELIVERY_COLUMNS}`,
    [
      db.workspaceId,
      input.purpose,
      input.subject,
      input.cycleId ?? null,
      input.week ?? null,
      input.personId ?? null,
      input.teamId ?? null,
      input.krId ?? null,
      now.toISOString(),
    ],
  );
  return row ?? null;
}

/**
 * Claims a delivery: a new row, or a failed one whose error was transient and that has attempts
 * left. Null when it was sent, is being sent, or failed for good.
 */
export async function claimOrRetry(db: Db, input: ClaimInput, now: Date = new Date()): Promise<Delivery | null> {
  // Read first: most calls find the thing already done, and a read costs far less than a write.
  const existing = await findDelivery(db, input.purpose, input.subject);
  if (existing && !isRetryable(existing)) return null;
  const fresh = await claimDelivery(db, input, now);
  if (fresh) return fresh;
  const { deliveries } = db.t;
  return (
    (await db.first(
      db
        .update(deliveries)
        .set({ state: 'claimed', attempts: sql`${deliveries.attempts} + 1`, claimedAt: now.toISOString() })
        .where(
          and(
            eq(deliveries.workspaceId, db.workspaceId),
            eq(deliveries.purpose, input.purpose),
            eq(deliveries.subject, input.subject),
            eq(deliveries.state, 'failed'),
            inArray(deliveries.error, TRANSIENT_ERRORS),
            lt(deliveries.attempts, MAX_ATTEMPTS),
          ),
        )
        .returning(),
    )) ?? null
  );
}

/** Records that nothing needed sending, so the scheduler stops considering it. */
export async function recordSkipped(db: Db, input: ClaimInput, reason: string, now: Date = new Date()): Promise<void> {
  const { deliveries } = db.t;
  await db.exec(
    db
      .insert(deliveries)
      .values({
        ...input,
        workspaceId: db.workspaceId,
        state: 'skipped',
        error: reason,
        attempts: 0,
        claimedAt: now.toISOString(),
      })
      .onConflictDoNothing(),
  );
}

/** Parameters: channel, ts, sent at, id. */
export const MARK_SENT_SQL =
  "UPDATE deliveries SET state = 'sent', channel = ?, ts = ?, error = NULL, sent_at = ? WHERE id = ?";

export async function markSent(db: Db, id: number, channel: string, ts: string, now: Date = new Date()): Promise<void> {
  await db.raw(MARK_SENT_SQL, [channel, ts, now.toISOString(), id]);
}

/** Reconciliation found no trace of an in-doubt post: it failed, retryably while attempts last. */
export async function markNotDelivered(db: Db, id: number, error: string): Promise<void> {
  await db.raw("UPDATE deliveries SET state = 'failed', error = ? WHERE id = ? AND state = 'claimed'", [error, id]);
}

export async function markFailed(db: Db, id: number, error: string): Promise<void> {
  const { deliveries } = db.t;
  // A 429 is Slack pacing us, not a failed attempt: it does not use up the retry budget.
  const attempts = FREE_RETRIES.includes(error) ? sql`${deliveries.attempts} - 1` : deliveries.attempts;
  await db.exec(db.update(deliveries).set({ state: 'failed', error, attempts }).where(eq(deliveries.id, id)));
}

/** Failed deliveries of one purpose in a cycle week (whether each may be retried is `isRetryable`). */
export async function listFailedDeliveries(
  db: Db,
  purpose: string,
  cycleId: number,
  week: number,
): Promise<Array<Pick<Delivery, 'personId' | 'state' | 'error' | 'attempts'>>> {
  return db.raw(
    `SELECT person_id AS "personId", state, error, attempts FROM deliveries WHERE cycle_id = ? AND purpose = ? AND week = ? AND state = 'failed'`,
    [cycleId, purpose, week],
  );
}

export async function findDelivery(db: Db, purpose: string, subject: string): Promise<Delivery | undefined> {
  return (
    await db.raw<Delivery>(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE workspace_id = ? AND purpose = ? AND subject = ?`,
      [db.workspaceId, purpose, subject],
    )
  )[0];
}

export async function listDeliveries(db: Db, purpose: string, cycleId: number, fromWeek?: number): Promise<Delivery[]> {
  const { deliveries } = db.t;
  return db.rows(
    db
      .select()
      .from(deliveries)
      .where(
        and(
          eq(deliveries.purpose, purpose),
          eq(deliveries.cycleId, cycleId),
          fromWeek === undefined ? undefined : gte(deliveries.week, fromWeek),
        ),
      ),
  );
}

export function isRetryable(d: Pick<Delivery, 'state' | 'error' | 'attempts'>): boolean {
  return d.state === 'failed' && d.error !== null && TRANSIENT_ERRORS.includes(d.error) && d.attempts < MAX_ATTEMPTS;
}

/** (person, week) pairs of recent weeks whose check-in DM went out and that still miss a check-in. */
export async function pendingOwnerWeeks(
  db: Db,
  checkinPurpose: string,
  cycleId: number,
  fromWeek: number,
): Promise<Array<{ personId: number; week: number }>> {
  const { checkins, deliveries, keyResults } = db.t;
  return (await db.rows(
    db
      .selectDistinct({ personId: deliveries.personId, week: deliveries.week })
      .from(deliveries)
      .innerJoin(
        keyResults,
        and(
          eq(keyResults.ownerId, deliveries.personId),
          eq(keyResults.cycleId, deliveries.cycleId),
          eq(keyResults.status, 'active'),
        ),
      )
      .leftJoin(checkins, and(eq(checkins.krId, keyResults.id), eq(checkins.week, deliveries.week)))
      .where(
        and(
          eq(deliveries.purpose, checkinPurpose),
          eq(deliveries.cycleId, cycleId),
          eq(deliveries.state, 'sent'),
          gte(deliveries.week, fromWeek),
          isNull(checkins.id),
        ),
      ),
  )) as Array<{ personId: number; week: number }>;
}
