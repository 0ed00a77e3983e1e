import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { CHECKIN_COLUMNS, prepared } from './prepared.js';
import { checkinHistory, checkins, keyResults, type Checkin } from '../db/schema.js';
import type { CheckinInfo, Confidence } from '../domain/types.js';

export interface CheckinInput {
  krId: number;
  week: number;
  confidence: Confidence;
  evidence: string;
  risks?: string | null;
  nextAction?: string | null;
  value?: number | null;
  authorId: number | null;
}

export type RecordResult = { checkin: Checkin; created: boolean; changed: boolean };

/**
 * One check-in per KR per week. A second answer for the same week updates it; the earlier version
 * goes to checkin_history first, so nothing a person wrote is lost. A resubmission identical to the
 * stored one (a double click, a retried request) changes nothing.
 */
export function recordCheckin(db: Db, input: CheckinInput, now: Date = new Date()): RecordResult {
  const at = now.toISOString();
  return db.transaction((tx) => {
    const values = {
      confidence: input.confidence,
      evidence: input.evidence,
      risks: input.risks ?? null,
      nextAction: input.nextAction ?? null,
      value: input.value ?? null,
      authorId: input.authorId,
    };
    const existing = tx
      .select()
      .from(checkins)
      .where(and(eq(checkins.krId, input.krId), eq(checkins.week, input.week)))
      .get();
    let result: RecordResult;
    if (!existing) {
      const checkin = tx.insert(checkins).values({ krId: input.krId, week: input.week, ...values, createdAt: at, updatedAt: at }).returning().get();
      result = { checkin, created: true, changed: true };
    } else {
      const same = (Object.keys(values) as Array<keyof typeof values>).every((k) => existing[k] === values[k]);
      if (same) return { checkin: existing, created: false, changed: false };
      tx.insert(checkinHistory)
        .values({
          checkinId: existing.id,
          confidence: existing.confidence,
          evidence: existing.evidence,
          risks: existing.risks,
          nextAction: existing.nextAction,
          value: existing.value,
          authorId: existing.authorId,
          writtenAt: existing.updatedAt,
          replacedAt: at,
        })
        .run();
      const checkin = tx.update(checkins).set({ ...values, updatedAt: at }).where(eq(checkins.id, existing.id)).returning().get();
      result = { checkin, created: false, changed: true };
    }
    if (input.value !== undefined && input.value !== null) {
      tx.update(keyResults).set({ currentValue: input.value, updatedAt: at }).where(eq(keyResults.id, input.krId)).run();
    }
    return result;
  });
}

function toInfo(c: Checkin): CheckinInfo {
  return {
    krId: c.krId,
    week: c.week,
    confidence: c.confidence as Confidence,
    evidence: c.evidence,
    risks: c.risks,
    nextAction: c.nextAction,
    value: c.value,
  };
}

/** Check-ins of the given KRs up to a week (inclusive), oldest first. */
export function listCheckins(db: Db, krIds: number[], upToWeek?: number): CheckinInfo[] {
  if (krIds.length === 0) return [];
  // One prepared statement for any number of ids: they travel as a JSON array.
  const rows = prepared(
    db,
    `SELECT ${CHECKIN_COLUMNS} FROM checkins WHERE kr_id IN (SELECT value FROM json_each(?)) AND week <= ? ORDER BY kr_id, week`,
  ).all(JSON.stringify(krIds), upToWeek ?? 1_000_000) as Checkin[];
  return rows.map(toInfo);
}

export function getCheckin(db: Db, krId: number, week: number): Checkin | undefined {
  return db.select().from(checkins).where(and(eq(checkins.krId, krId), eq(checkins.week, week))).get();
}

export function listHistory(db: Db, checkinId: number) {
  return db.select().from(checkinHistory).where(eq(checkinHistory.checkinId, checkinId)).orderBy(asc(checkinHistory.id)).all();
}
