import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { keyResults, objectives, people } from '../db/schema.js';
import type { KrInfo } from '../domain/types.js';

const krInfoColumns = {
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
};

export interface KrFilter {
  cycleId: number;
  teamId?: number;
  ownerId?: number;
  key?: string;
}

/** KRs of a cycle with their objective and owner, in objective then KR order. */
export function listKrInfos(db: Db, filter: KrFilter): KrInfo[] {
  const conditions: SQL[] = [eq(keyResults.cycleId, filter.cycleId)];
  if (filter.teamId !== undefined) conditions.push(eq(objectives.teamId, filter.teamId));
  if (filter.ownerId !== undefined) conditions.push(eq(keyResults.ownerId, filter.ownerId));
  if (filter.key !== undefined) conditions.push(eq(keyResults.key, filter.key));
  const rows = db
    .select(krInfoColumns)
    .from(keyResults)
    .innerJoin(objectives, eq(keyResults.objectiveId, objectives.id))
    .leftJoin(people, eq(keyResults.ownerId, people.id))
    .where(and(...conditions))
    .orderBy(asc(objectives.position), asc(objectives.id), asc(keyResults.position), asc(keyResults.id))
    .all();
  return rows.map(({ ownerSlackId, ownerEmail, ownerName, ...kr }) => ({
    ...kr,
    ownerLabel: ownerName ?? ownerSlackId ?? ownerEmail ?? null,
  }));
}

export function getKrInfo(db: Db, cycleId: number, key: string): KrInfo | undefined {
  return listKrInfos(db, { cycleId, key: key.toUpperCase() })[0];
}
