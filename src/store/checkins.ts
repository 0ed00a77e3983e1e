import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { CHECKIN_COLUMNS, prepared } from './prepared.js';
import { checkinHistory, checkins, keyResults, type Checkin } from '../db/schema.js';
import type { CheckinInfo, Confidence } from '../domain/types.js';
import { writeTransaction } from './tx.js';

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
  return writeTransaction(db, (tx) => {
    const values = {
      confidence: input.confidence,
      evidence: input.evidence,
      risks: input.risks ?? null,
      nextAction: input.nextAction ?? null,
      value: input.value ?? null,
      authorId: input.authorId,
    };
    const existing = getCheckin(tx as unknown as Db, input.krId, input.week);
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
  return prepared(db, `SELECT ${CHECKIN_COLUMNS} FROM checkins WHERE kr_id = ? AND week = ?`).get(krId, week) as Checkin | undefined;
}

export function listHistory(db: Db, checkinId: number) {
  return db.select().from(checkinHistory).where(eq(checkinHistory.checkinId, checkinId)).orderBy(asc(checkinHistory.id)).all();
}

/**
 * What a digest needs, read cheaply: full check-ins for the last three weeks (evidence, risks, next
 * action: the digest, drops and silent greens) and only the confidence of older weeks (the trend
 * strip), one row per KR. Older weeks come back with empty evidence.
 */
/**
 * What a digest reads: the last three weeks' check-ins in full (the week shown, drops, silent
 * greens) and, for older weeks, only the confidence per week of each KR — one aggregated row per KR
 * instead of one object per check-in.
 */
export interface DigestReads {
  recent: CheckinInfo[];
  /** KR id → confidence by week, for weeks before the recent three. */
  older: Map<number, Map<number, Confidence>>;
}

export function listCheckinsForDigest(db: Db, krIds: number[], week: number): DigestReads {
  if (krIds.length === 0) return { recent: [], older: new Map() };
  const ids = JSON.stringify(krIds);
  const recent = prepared(db, `SELECT ${DIGEST_RECENT} FROM checkins WHERE kr_id IN (SELECT value FROM json_each(?)) AND week BETWEEN ? AND ?`).all(ids, week - 2, week) as CheckinInfo[];
  const older = prepared(db, `SELECT ${DIGEST_OLDER} FROM checkins WHERE kr_id IN (SELECT value FROM json_each(?)) AND week < ? GROUP BY kr_id`).raw(true).all(ids, week - 2) as OlderRow[];
  return { recent, older: olderTrends(older) };
}

/** The same for every KR of a cycle at once (all teams' digests in one pass). */
export function listCycleCheckinsForDigest(db: Db, cycleId: number, week: number): DigestReads {
  const recent = prepared(db, `SELECT ${DIGEST_RECENT} FROM checkins WHERE kr_id IN (SELECT id FROM key_results WHERE cycle_id = ?) AND week BETWEEN ? AND ?`).all(cycleId, week - 2, week) as CheckinInfo[];
  const older = prepared(db, `SELECT ${DIGEST_OLDER} FROM checkins WHERE kr_id IN (SELECT id FROM key_results WHERE cycle_id = ?) AND week < ? GROUP BY kr_id`).raw(true).all(cycleId, week - 2) as OlderRow[];
  return { recent, older: olderTrends(older) };
}

const DIGEST_RECENT = 'kr_id AS krId, week, confidence, evidence, risks, next_action AS nextAction, value';
// "week:confidence" pairs; the digest only needs the confidence of older weeks, for the trend strip.
const DIGEST_OLDER = "kr_id, group_concat(week || ':' || confidence)";
type OlderRow = [krId: number, trend: string];

function olderTrends(rows: OlderRow[]): Map<number, Map<number, Confidence>> {
  const out = new Map<number, Map<number, Confidence>>();
  for (const [krId, trend] of rows) {
    const weeks = new Map<number, Confidence>();
    for (const pair of trend.split(',')) {
      const colon = pair.indexOf(':');
      weeks.set(Number(pair.slice(0, colon)), Number(pair.slice(colon + 1)) as Confidence);
    }
    out.set(krId, weeks);
  }
  return out;
}

/** Confidence only, for every KR of a cycle over a range of weeks (the leadership roll-up). */
export function listCycleConfidences(db: Db, cycleId: number, fromWeek: number, toWeek: number): Array<Pick<CheckinInfo, 'krId' | 'week' | 'confidence'>> {
  return prepared(db, 'SELECT kr_id AS krId, week, confidence FROM checkins WHERE kr_id IN (SELECT id FROM key_results WHERE cycle_id = ?) AND week BETWEEN ? AND ?').all(cycleId, fromWeek, toWeek) as Array<
    Pick<CheckinInfo, 'krId' | 'week' | 'confidence'>
  >;
}

/** Weeks of the cycle in which the person answered at least one check-in on their KRs. */
export function answeredWeeks(db: Db, cycleId: number, personId: number): Set<number> {
  const rows = db
    .selectDistinct({ week: checkins.week })
    .from(checkins)
    .innerJoin(keyResults, eq(checkins.krId, keyResults.id))
    .where(and(eq(keyResults.cycleId, cycleId), eq(keyResults.ownerId, personId)))
    .all();
  return new Set(rows.map((r) => r.week));
}

/**
 * Hours from each owner's weekly check-in DM (as sent) to each check-in of that week, by the KR's
 * team: "time to answer". Check-ins given before any DM (from App Home, say) are not timed.
 */
export function listAnswerHours(db: Db, cycleId: number): Array<{ teamId: number; hours: number }> {
  return prepared(
    db,
    `SELECT o.team_id AS teamId, (julianday(c.created_at) - julianday(d.sent_at)) * 24 AS hours
     FROM checkins c JOIN key_results kr ON kr.id = c.kr_id JOIN objectives o ON o.id = kr.objective_id
     JOIN deliveries d ON d.purpose = 'checkin' AND d.cycle_id = kr.cycle_id AND d.week = c.week AND d.person_id = kr.owner_id AND d.state = 'sent'
     WHERE kr.cycle_id = ? AND d.sent_at IS NOT NULL AND c.created_at >= d.sent_at`,
  ).all(cycleId) as Array<{ teamId: number; hours: number }>;
}
