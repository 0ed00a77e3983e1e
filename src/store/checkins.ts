import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { CHECKIN_COLUMNS } from './prepared.js';
import type { Checkin, CheckinHistoryRow } from '../db/schema.js';
import { perDialect } from '../db/ops.js';
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
  /** Stored by "Same as last week": last week's answer carried over. */
  carriedOver?: boolean;
}

export type RecordResult = { checkin: Checkin; created: boolean; changed: boolean };

/**
 * One check-in per KR per week. A second answer for the same week updates it; the earlier version
 * goes to checkin_history first, so nothing a person wrote is lost. A resubmission identical to the
 * stored one (a double click, a retried request) changes nothing.
 */
export async function recordCheckin(db: Db, input: CheckinInput, now: Date = new Date()): Promise<RecordResult> {
  const at = now.toISOString();
  // Statements prepared once (every check-in passes here): ~10× cheaper than building each query.
  return db.atomic(async (tx) => {
    const values = {
      confidence: input.confidence,
      evidence: input.evidence,
      risks: input.risks ?? null,
      nextAction: input.nextAction ?? null,
      value: input.value ?? null,
      authorId: input.authorId,
      carriedOver: input.carriedOver ? 1 : 0,
    };
    const row = [values.confidence, values.evidence, values.risks, values.nextAction, values.value, values.authorId];
    const existing = await getCheckin(tx, input.krId, input.week);
    let result: RecordResult;
    if (!existing) {
      const [checkin] = await tx.raw<Checkin>(
        `INSERT INTO checkins (kr_id, week, confidence, evidence, risks, next_action, value, author_id, carried_over,
           created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${CHECKIN_COLUMNS}`,
        [input.krId, input.week, ...row, values.carriedOver, at, at],
      );
      result = { checkin: checkin!, created: true, changed: true };
    } else {
      const same = (Object.keys(values) as Array<keyof typeof values>).every((k) => existing[k] === values[k]);
      if (same) return { checkin: existing, created: false, changed: false };
      await tx.raw(
        `INSERT INTO checkin_history (checkin_id, confidence, evidence, risks, next_action, value, author_id, written_at,
           replaced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          existing.id,
          existing.confidence,
          existing.evidence,
          existing.risks,
          existing.nextAction,
          existing.value,
          existing.authorId,
          existing.updatedAt,
          at,
        ],
      );
      const [checkin] = await tx.raw<Checkin>(
        `UPDATE checkins SET confidence = ?, evidence = ?, risks = ?, next_action = ?, value = ?, author_id = ?,
           carried_over = ?, updated_at = ? WHERE id = ? RETURNING ${CHECKIN_COLUMNS}`,
        [...row, values.carriedOver, at, existing.id],
      );
      result = { checkin: checkin!, created: false, changed: true };
    }
    if (input.value !== undefined && input.value !== null)
      await tx.raw('UPDATE key_results SET current_value = ?, updated_at = ? WHERE id = ?', [
        input.value,
        at,
        input.krId,
      ]);
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
    ...(c.carriedOver === 1 && { carriedOver: true }),
  };
}

/** KR ids in one parameter, whatever their number: a JSON array, read back as a set of ids. */
const KR_IDS = { sqlite: 'SELECT value FROM json_each(?)', pg: 'SELECT jsonb_array_elements_text(?::jsonb)::int' };

/** Check-ins of the given KRs from a week up to a week (inclusive), oldest first. */
export async function listCheckins(db: Db, krIds: number[], upToWeek?: number, fromWeek = 0): Promise<CheckinInfo[]> {
  if (krIds.length === 0) return [];
  const rows = await db.raw<Checkin>(
    perDialect(
      (k) =>
        `SELECT ${CHECKIN_COLUMNS} FROM checkins WHERE kr_id IN (${KR_IDS[k]}) AND week BETWEEN ? AND ? ORDER BY kr_id, week`,
    ),
    [JSON.stringify(krIds), fromWeek, upToWeek ?? 1_000_000],
  );
  return rows.map(toInfo);
}

export async function getCheckin(db: Db, krId: number, week: number): Promise<Checkin | undefined> {
  return (
    await db.raw<Checkin>(`SELECT ${CHECKIN_COLUMNS} FROM checkins WHERE kr_id = ? AND week = ?`, [krId, week])
  )[0];
}

export async function listHistory(db: Db, checkinId: number): Promise<CheckinHistoryRow[]> {
  const { checkinHistory } = db.t;
  return db.rows(
    db.select().from(checkinHistory).where(eq(checkinHistory.checkinId, checkinId)).orderBy(asc(checkinHistory.id)),
  );
}

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

export async function listCheckinsForDigest(
  db: Db,
  krIds: number[],
  week: number,
  weeksBack = 2,
): Promise<DigestReads> {
  if (krIds.length === 0) return { recent: [], older: new Map() };
  const ids = JSON.stringify(krIds);
  const recent = await db.raw<CheckinInfo>(
    perDialect((k) => `SELECT ${DIGEST_RECENT} FROM checkins WHERE kr_id IN (${KR_IDS[k]}) AND week BETWEEN ? AND ?`),
    [ids, week - weeksBack, week],
  );
  const older = await db.raw<OlderRow>(
    perDialect((k) => olderSql(k, KR_IDS[k])),
    [ids, week - weeksBack],
  );
  return { recent, older: olderTrends(older) };
}

/** The same for every KR of a cycle at once (all teams' digests in one pass). */
export async function listCycleCheckinsForDigest(
  db: Db,
  cycleId: number,
  week: number,
  weeksBack = 2,
): Promise<DigestReads> {
  const recent = await db.raw<CheckinInfo>(
    `SELECT ${DIGEST_RECENT} FROM checkins WHERE kr_id IN (SELECT id FROM key_results WHERE cycle_id = ?) AND week BETWEEN ? AND ?`,
    [cycleId, week - weeksBack, week],
  );
  const older = await db.raw<OlderRow>(
    perDialect((k) => olderSql(k, 'SELECT id FROM key_results WHERE cycle_id = ?')),
    [cycleId, week - weeksBack],
  );
  return { recent, older: olderTrends(older) };
}

const DIGEST_RECENT = 'kr_id AS "krId", week, confidence, evidence, risks, next_action AS "nextAction", value';
// "week:confidence" pairs; the digest only needs the confidence of older weeks, for the trend strip.
const WEEK_PAIRS = {
  sqlite: "group_concat(week || ':' || confidence)",
  pg: "string_agg(week || ':' || confidence, ',')",
};
const olderSql = (k: keyof typeof WEEK_PAIRS, krIdsSql: string) =>
  `SELECT kr_id AS "krId", ${WEEK_PAIRS[k]} AS trend FROM checkins WHERE kr_id IN (${krIdsSql}) AND week < ? GROUP BY kr_id`;
type OlderRow = { krId: number; trend: string };

function olderTrends(rows: OlderRow[]): Map<number, Map<number, Confidence>> {
  const out = new Map<number, Map<number, Confidence>>();
  for (const { krId, trend } of rows) {
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
export async function listCycleConfidences(
  db: Db,
  cycleId: number,
  fromWeek: number,
  toWeek: number,
): Promise<Array<Pick<CheckinInfo, 'krId' | 'week' | 'confidence'>>> {
  return db.raw(
    `SELECT kr_id AS "krId", week, confidence FROM checkins WHERE kr_id IN (SELECT id FROM key_results WHERE cycle_id = ?) AND week BETWEEN ? AND ?`,
    [cycleId, fromWeek, toWeek],
  );
}

/** Weeks of the cycle in which the person answered at least one check-in on their KRs. */
export async function answeredWeeks(db: Db, cycleId: number, personId: number): Promise<Set<number>> {
  const { checkins, keyResults } = db.t;
  const rows = await db.rows(
    db
      .selectDistinct({ week: checkins.week })
      .from(checkins)
      .innerJoin(keyResults, eq(checkins.krId, keyResults.id))
      .where(and(eq(keyResults.cycleId, cycleId), eq(keyResults.ownerId, personId))),
  );
  return new Set(rows.map((r) => r.week));
}
