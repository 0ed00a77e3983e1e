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

export async function answeringFacts(db: Db, cycleId: number, ownerId?: number): Promise<AnsweringFacts> {
  const one = ownerId !== undefined;
  const [krs, asks, answers] = await Promise.all([
    listKrInfos(db, { cycleId, ...(one && { ownerId }) }),
    db.raw<Ask>(one ? `${ASKS_SQL} AND person_id = ?` : ASKS_SQL, [db.workspaceId, cycleId, ...(one ? [ownerId] : [])]),
    db.raw<Answer>(one ? `${ANSWERS_SQL} AND kr.owner_id = ?` : ANSWERS_SQL, [cycleId, ...(one ? [ownerId] : [])]),
  ]);
  return { krs, asks, answers };
}

/** How many messages of a purpose (e.g. reminders, weekly DMs) were sent in a cycle. */
export async function sentCount(db: Db, cycleId: number, purpose: string): Promise<number> {
  const [row] = await db.raw<{ n: number | string }>(
    `SELECT count(*) AS n FROM deliveries WHERE workspace_id = ? AND cycle_id = ? AND purpose = ? AND state = 'sent'`,
    [db.workspaceId, cycleId, purpose],
  );
  return Number(row?.n ?? 0);
}
