import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { deliveries, processedEvents, type Delivery } from '../db/schema.js';

/**
 * Deliveries are claimed in the database before anything is sent and marked after, so a retry,
 * a double click or a second process never sends the same thing twice.
 */

export const subjects = {
  checkin: (cycleId: number, week: number, personId: number) => `cycle:${cycleId}/week:${week}/person:${personId}`,
};

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
  return (
    db
      .insert(deliveries)
      .values({ ...input, state: 'claimed', attempts: 1, claimedAt: now.toISOString() })
      .onConflictDoNothing()
      .returning()
      .get() ?? null
  );
}

export function markSent(db: Db, id: number, channel: string, ts: string, now: Date = new Date()): void {
  db.update(deliveries).set({ state: 'sent', channel, ts, error: null, sentAt: now.toISOString() }).where(eq(deliveries.id, id)).run();
}

export function markFailed(db: Db, id: number, error: string): void {
  db.update(deliveries).set({ state: 'failed', error }).where(eq(deliveries.id, id)).run();
}

export function findDelivery(db: Db, purpose: string, subject: string): Delivery | undefined {
  return db.select().from(deliveries).where(and(eq(deliveries.purpose, purpose), eq(deliveries.subject, subject))).get();
}

/** True the first time an event id is seen. */
export function claimEvent(db: Db, eventId: string): boolean {
  return db.insert(processedEvents).values({ eventId }).onConflictDoNothing().run().changes === 1;
}

export function pruneEvents(db: Db, olderThan: Date): number {
  return db.delete(processedEvents).where(sql`${processedEvents.receivedAt} < ${olderThan.toISOString()}`).run().changes;
}
