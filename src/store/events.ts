import { and, eq, gte, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { processedEvents } from '../db/schema.js';

/**
 * Slack events okrbot has taken: each id once (Slack retries what it thinks was missed), and —
 * for events that carry a person's answer — the payload until its handler finished, so an answer
 * cut off by a crash after Slack got its 200 is replayed at start-up instead of lost.
 */

/** Takes an event; false when it was already taken (a retry). */
export function claimEvent(db: Db, eventId: string, payload: string | null = null): boolean {
  return db.insert(processedEvents).values({ eventId, payload }).onConflictDoNothing().run().changes === 1;
}

export function markEventDone(db: Db, eventId: string, now: Date): void {
  db.update(processedEvents).set({ doneAt: now.toISOString(), payload: null }).where(eq(processedEvents.eventId, eventId)).run();
}

/** Answer-carrying events received since `since` whose handler never finished. */
export function listInterruptedEvents(db: Db, since: Date): Array<{ eventId: string; payload: string }> {
  return db
    .select({ eventId: processedEvents.eventId, payload: processedEvents.payload })
    .from(processedEvents)
    .where(and(isNotNull(processedEvents.payload), isNull(processedEvents.doneAt), gte(processedEvents.receivedAt, since.toISOString())))
    .all() as Array<{ eventId: string; payload: string }>;
}

export function pruneEvents(db: Db, olderThan: Date): number {
  return db.delete(processedEvents).where(sql`${processedEvents.receivedAt} < ${olderThan.toISOString()}`).run().changes;
}
