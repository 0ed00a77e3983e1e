import type { Db } from '../db/client.js';
import type { AnsweringFacts, Answer, Ask } from '../domain/answering.js';
import { listKrInfos } from './keyResults.js';

/**
 * What streaks and answer rates are computed from (domain/answering.ts): the cycle's weekly asks
 * (DMs sent, or skipped because all was answered already) and its check-ins, for everyone or one owner.
 */

const ASKS_SQL = `SELECT person_id AS "personId", week, CASE WHEN state = 'sent' THEN sent_at END AS "sentAt"
  FROM deliveries WHERE workspace_id = ? AND purpose = 'checkin' AND cycle_id = ?
  AND (state = 'sent' OR (state = 'skipped' AND error = 'already_answered'))`;
const ANSWERS_SQL = `SELECT c.kr_id AS "krId", c.week, c.created_at AS "createdAt"
  FROM checkins c JOIN key_results kr ON kr.id = c.kr_id WHERE kr.cycle_id = ?`;

/**
 * Only what a streak needs, for every owner of a cycle at once (the weekly fan-out): each KR's id,
 * owner, team, status and cadence, and which weeks have a check-in — slim rows, not whole KRs.
 */
export async function streakFacts(db: Db, cycleId: number): Promise<AnsweringFacts> {
  const krs = await db.raw<AnsweringFacts['krs'][number]>(
    `SELECT kr.id, kr.owner_id AS "ownerId", o.team_id AS "teamId", kr.status,
       (SELECT t.checkin_cadence FROM teams t WHERE t.id = o.team_id) AS cadence
     FROM key_results kr JOIN objectives o ON o.id = kr.objective_id WHERE kr.cycle_id = ?`,
    [cycleId],
  );
  const answers = await db.raw<Answer>(
    'SELECT c.kr_id AS "krId", c.week, NULL AS "createdAt" FROM checkins c JOIN key_results kr ON kr.id = c.kr_id WHERE kr.cycle_id = ?',
    [cycleId],
  );
  return { krs, asks: await listAsks(db, cycleId), answers };
}

/** The cycle's weekly asks (everyone's, or the owners of one team's KRs). */
export async function listAsks(db: Db, cycleId: number, teamId?: number): Promise<Ask[]> {
  if (teamId === undefined) return db.raw<Ask>(ASKS_SQL, [db.workspaceId, cycleId]);
  return db.raw<Ask>(
    `${ASKS_SQL} AND person_id IN (SELECT kr.owner_id FROM key_results kr JOIN objectives o ON o.id = kr.objective_id
       WHERE kr.cycle_id = ? AND o.team_id = ?)`,
    [db.workspaceId, cycleId, cycleId, teamId],
  );
}

/** The facts for a whole cycle, one owner's KRs, or one team's (its KRs, their answers, the asks of their owners). */
export async function answeringFacts(
  db: Db,
  cycleId: number,
  scope: { ownerId?: number; teamId?: number } = {},
): Promise<AnsweringFacts> {
  const { ownerId, teamId } = scope;
  const krs = await listKrInfos(db, {
    cycleId,
    ...(ownerId !== undefined && { ownerId }),
    ...(teamId !== undefined && { teamId }),
  });
  if (ownerId !== undefined)
    return {
      krs,
      asks: await db.raw<Ask>(`${ASKS_SQL} AND person_id = ?`, [db.workspaceId, cycleId, ownerId]),
      answers: await db.raw<Answer>(`${ANSWERS_SQL} AND kr.owner_id = ?`, [cycleId, ownerId]),
    };
  if (teamId !== undefined)
    return {
      krs,
      asks: await listAsks(db, cycleId, teamId),
      answers: await db.raw<Answer>(
        `${ANSWERS_SQL} AND kr.objective_id IN (SELECT id FROM objectives WHERE team_id = ?)`,
        [cycleId, teamId],
      ),
    };
  return {
    krs,
    asks: await listAsks(db, cycleId),
    answers: await db.raw<Answer>(ANSWERS_SQL, [cycleId]),
  };
}

/** How many messages of a purpose (e.g. reminders, weekly DMs) were sent in a cycle. */
export async function sentCount(db: Db, cycleId: number, purpose: string): Promise<number> {
  const [row] = await db.raw<{ n: number | string }>(
    `SELECT count(*) AS n FROM deliveries WHERE workspace_id = ? AND cycle_id = ? AND purpose = ? AND state = 'sent'`,
    [db.workspaceId, cycleId, purpose],
  );
  return Number(row?.n ?? 0);
}
