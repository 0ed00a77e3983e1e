import { and, eq, gte, isNotNull, isNull, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/**
 * Slack events okrbot has taken: each id once (Slack retries what it thinks was missed), and —
 * for events that carry a person's answer — the payload until its handler finished, so an answer
 * cut off by a crash after Slack got its 200 is replayed at start-up instead of lost.
 */

/** Takes an event; false when it was already taken (a retry). */
export async function claimEvent(db: Db, eventId: string, payload: string | null = null): Promise<boolean> {
  const { processedEvents } = db.t;
  return (await db.exec(db.insert(processedEvents).values({ eventId, payload }).onConflictDoNothing())) === 1;
}

export async function markEventDone(db: Db, eventId: string, now: Date): Promise<void> {
  const { processedEvents } = db.t;
  await db.exec(
    db
      .update(processedEvents)
      .set({ doneAt: now.toISOString(), payload: null })
      .where(eq(processedEvents.eventId, eventId)),
  );
}

/** Answer-carrying events received since `since` whose handler never finished. */
export async function listInterruptedEvents(db: Db, since: Date): Promise<Array<{ eventId: string; payload: string }>> {
  const { processedEvents } = db.t;
  return (await db.rows(
    db
      .select({ eventId: processedEvents.eventId, payload: processedEvents.payload })
      .from(processedEvents)
      .where(
        and(
          isNotNull(processedEvents.payload),
          isNull(processedEvents.doneAt),
          gte(processedEvents.receivedAt, since.toISOString()),
        ),
      ),
  )) as Array<{ eventId: string; payload: string }>;
}

export async function pruneEvents(db: Db, olderThan: Date): Promise<number> {
  const { processedEvents } = db.t;
  return db.exec(db.delete(processedEvents).where(lt(processedEvents.receivedAt, olderThan.toISOString())));
}
