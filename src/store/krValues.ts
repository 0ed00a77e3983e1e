import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { KrValue } from '../db/schema.js';

/** Values read from KRs' sources (services/krValues.ts): every read kept, the latest used. */

export interface NewKrValue {
  krId: number;
  value: number | null;
  error: string | null;
  kind: string;
  readAt: string;
  /** Far outside baseline → target: kept (and shown with a warning), but not made the KR's value. */
  suspect?: boolean;
}

/** Records reads; a successful one becomes the KR's current value (the digest, charts and report read it). */
export async function recordKrValues(db: Db, reads: NewKrValue[]): Promise<void> {
  if (reads.length === 0) return;
  const { krValues, keyResults } = db.t;
  await db.atomic(async (tx) => {
    await tx.exec(tx.insert(krValues).values(reads.map(({ suspect: _suspect, ...row }) => row)));
    for (const r of reads)
      if (r.value !== null && !r.suspect)
        await tx.exec(
          tx.update(keyResults).set({ currentValue: r.value, updatedAt: r.readAt }).where(eq(keyResults.id, r.krId)),
        );
  });
}

/** Each KR's latest read (successful or not), by KR id. */
export async function latestKrValues(db: Db, krIds: number[]): Promise<Map<number, KrValue>> {
  if (krIds.length === 0) return new Map();
  const rows = await db.raw<KrValue>(
    `SELECT v.id, v.kr_id AS "krId", v.value, v.error, v.kind, v.read_at AS "readAt" FROM kr_values v
     WHERE v.kr_id IN (${krIds.map(() => '?').join(', ')})
       AND v.id = (SELECT max(w.id) FROM kr_values w WHERE w.kr_id = v.kr_id)`,
    krIds,
  );
  return new Map(rows.map((r) => [r.krId, r]));
}

/** Every value read from these KRs' sources (not the failed reads), oldest first. */
export async function krValueHistory(
  db: Db,
  krIds: number[],
): Promise<Array<{ krId: number; value: number; readAt: string }>> {
  if (krIds.length === 0) return [];
  return db.raw(
    `SELECT kr_id AS "krId", value, read_at AS "readAt" FROM kr_values
     WHERE kr_id IN (${krIds.map(() => '?').join(', ')}) AND value IS NOT NULL ORDER BY id`,
    krIds,
  );
}
