import type { Db } from '../db/client.js';
import type { Delivery } from '../db/schema.js';
import { claimOrRetry, MARK_SENT_SQL, recordSkipped, type ClaimInput } from './deliveries.js';

/**
 * The delivery writes of a bulk send (the weekly fan-out), a batch per transaction instead of one
 * commit per row. The rules are claimOrRetry's and markSent's; only the commits are shared.
 */

export type BatchClaim = { claim: ClaimInput } | { skip: ClaimInput; reason: string };

/**
 * Claims (or records as skipped) every item in one transaction: the claimed row, or null where the
 * claim was lost (sent, being sent, failed for good) or the item was only recorded as skipped.
 */
export async function claimBatch(db: Db, items: BatchClaim[], now: Date): Promise<Array<Delivery | null>> {
  return db.atomic(async (tx) => {
    const rows: Array<Delivery | null> = [];
    for (const item of items) {
      if ('skip' in item) {
        await recordSkipped(tx, item.skip, item.reason, now);
        rows.push(null);
      } else rows.push(await claimOrRetry(tx, item.claim, now));
    }
    return rows;
  });
}

export interface SentMark {
  id: number;
  channel: string;
  ts: string;
  at: Date;
}

/** Marks posted deliveries sent, in one transaction. */
export async function markSentBatch(db: Db, marks: SentMark[]): Promise<void> {
  if (marks.length === 0) return;
  await db.atomic(async (tx) => {
    for (const m of marks) await tx.raw(MARK_SENT_SQL, [m.channel, m.ts, m.at.toISOString(), m.id]);
  });
}

/**
 * Gives back claims that were never posted (the run stopped before their turn): failed as
 * `interrupted`, a transient error that costs no attempt, so the next run claims them again at once.
 */
export async function releaseClaims(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.atomic(async (tx) => {
    for (const id of ids)
      await tx.raw(
        "UPDATE deliveries SET state = 'failed', error = 'interrupted', attempts = attempts - 1 WHERE id = ? AND state = 'claimed'",
        [id],
      );
  });
}
