import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { perDialect } from '../db/ops.js';
import type { KrInfo } from '../domain/types.js';

const krInfoColumns = ({ keyResults, objectives, people }: Db['t']) => ({
  id: keyResults.id,
  key: keyResults.key,
  title: keyResults.title,
  objectiveKey: objectives.key,
  objectiveTitle: objectives.title,
  teamId: objectives.teamId,
  ownerId: keyResults.ownerId,
  ownerSlackId: people.slackUserId,
  ownerEmail: people.email,
  ownerName: people.name,
  status: keyResults.status,
  baseline: keyResults.baseline,
  target: keyResults.target,
  unit: keyResults.unit,
  currentValue: keyResults.currentValue,
  grade: keyResults.grade,
  stoppedAt: keyResults.stoppedAt,
  learning: keyResults.learning,
  measurement: keyResults.measurement,
  source: keyResults.source,
  cadence: sql<KrInfo['cadence']>`(SELECT checkin_cadence FROM teams WHERE teams.id = ${objectives.teamId})`,
});

export interface KrFilter {
  cycleId: number;
  teamId?: number;
  ownerId?: number;
  key?: string;
}

const KR_INFO_COLUMNS = `kr.id, kr.key, kr.title, o.key AS "objectiveKey", o.title AS "objectiveTitle", o.team_id AS "teamId",
  kr.owner_id AS "ownerId", coalesce(p.name, p.slack_user_id, p.email) AS "ownerLabel", kr.status, kr.baseline, kr.target, kr.unit,
  kr.current_value AS "currentValue", kr.grade, kr.stopped_at AS "stoppedAt", kr.learning, kr.measurement, kr.source,
  (SELECT t.checkin_cadence FROM teams t WHERE t.id = o.team_id) AS cadence`;
// A cycle id is only ever taken from a workspace-scoped lookup; KR lookups (what buttons, modals and
// commands name) check it once more: the cycle must be the handle's workspace's (a scalar subquery,
// evaluated once). Parameters: cycle id, workspace id.
const CYCLE_OF_WORKSPACE = '(SELECT id FROM cycles WHERE id = ? AND workspace_id = ?)';
const KR_INFO_SQL = `SELECT ${KR_INFO_COLUMNS}
  FROM key_results kr JOIN objectives o ON o.id = kr.objective_id LEFT JOIN people p ON p.id = kr.owner_id
  WHERE kr.cycle_id = ${CYCLE_OF_WORKSPACE}`;
const KR_ORDER = ' ORDER BY o.position, o.id, kr.position, kr.id';
// By team, drive the join from the team's objectives (SQLite's CROSS JOIN fixes the order): ~25×
// faster than letting SQLite scan the whole cycle's KRs. PostgreSQL plans this well on its own.
const KR_BY_TEAM_SQL = perDialect(
  (k) => `SELECT ${KR_INFO_COLUMNS}
  FROM objectives o ${k === 'sqlite' ? 'CROSS JOIN' : 'JOIN'} key_results kr ON kr.objective_id = o.id LEFT JOIN people p ON p.id = kr.owner_id
  WHERE o.team_id = ? AND o.cycle_id = ${CYCLE_OF_WORKSPACE}${KR_ORDER}`,
);

/** KRs of a cycle with their objective and owner, in objective then KR order. */
export async function listKrInfos(db: Db, filter: KrFilter): Promise<KrInfo[]> {
  // The hot filters run as prepared statements; any other combination goes through Drizzle.
  const only = Object.keys(filter).filter((k) => filter[k as keyof KrFilter] !== undefined);
  const cycle = [filter.cycleId, db.workspaceId];
  if (only.length === 1) return db.raw<KrInfo>(KR_INFO_SQL + KR_ORDER, cycle);
  if (only.length === 2 && filter.ownerId !== undefined)
    return db.raw<KrInfo>(`${KR_INFO_SQL} AND kr.owner_id = ?${KR_ORDER}`, [...cycle, filter.ownerId]);
  if (only.length === 2 && filter.teamId !== undefined)
    return db.raw<KrInfo>(KR_BY_TEAM_SQL, [filter.teamId, ...cycle]);
  return listKrInfosQuery(db, filter);
}

async function listKrInfosQuery(db: Db, filter: KrFilter): Promise<KrInfo[]> {
  const { cycles, keyResults, objectives, people } = db.t;
  const cycleOfWorkspace = db
    .select({ id: cycles.id })
    .from(cycles)
    .where(and(eq(cycles.id, filter.cycleId), eq(cycles.workspaceId, db.workspaceId)));
  const conditions: SQL[] = [eq(keyResults.cycleId, sql`(${cycleOfWorkspace})`)];
  if (filter.teamId !== undefined) conditions.push(eq(objectives.teamId, filter.teamId));
  if (filter.ownerId !== undefined) conditions.push(eq(keyResults.ownerId, filter.ownerId));
  if (filter.key !== undefined) conditions.push(eq(keyResults.key, filter.key));
  const rows = await db.rows(
    db
      .select(krInfoColumns(db.t))
      .from(keyResults)
      .innerJoin(objectives, eq(keyResults.objectiveId, objectives.id))
      .leftJoin(people, eq(keyResults.ownerId, people.id))
      .where(and(...conditions))
      .orderBy(asc(objectives.position), asc(objectives.id), asc(keyResults.position), asc(keyResults.id)),
  );
  return rows.map(({ ownerSlackId, ownerEmail, ownerName, ...kr }) => ({
    ...kr,
    ownerLabel: ownerName ?? ownerSlackId ?? ownerEmail ?? null,
  }));
}

/** One KR of the cycle by its row id (what buttons and modals carry). */
export async function getKrInfoById(db: Db, cycleId: number, krId: number): Promise<KrInfo | undefined> {
  return (await db.raw<KrInfo>(`${KR_INFO_SQL} AND kr.id = ?`, [cycleId, db.workspaceId, krId]))[0];
}

export async function getKrInfo(db: Db, cycleId: number, key: string): Promise<KrInfo | undefined> {
  // Hot (`/okr show`, `/okr checkin O1-KR2`, assistants): prepared once, like the lookup by id.
  return (await db.raw<KrInfo>(`${KR_INFO_SQL} AND kr.key = ?`, [cycleId, db.workspaceId, key.toUpperCase()]))[0];
}
