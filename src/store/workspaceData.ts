import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/**
 * Everything okrbot keeps about one workspace: how much there is, and deleting it (a company
 * that uninstalled okrbot asks for its data to be gone). Rows are deleted children first, the
 * way the foreign keys require, in one transaction: all of it or none.
 */

export interface WorkspaceSize {
  cycles: number;
  keyResults: number;
  checkins: number;
  people: number;
}

export async function workspaceSizes(db: Db): Promise<Map<number, WorkspaceSize>> {
  const rows = await db.raw<{ id: number; cycles: number; keyResults: number; checkins: number; people: number }>(
    `SELECT w.id AS "id",
       (SELECT count(*) FROM cycles c WHERE c.workspace_id = w.id) AS "cycles",
       (SELECT count(*) FROM key_results k JOIN cycles c ON c.id = k.cycle_id WHERE c.workspace_id = w.id) AS "keyResults",
       (SELECT count(*) FROM checkins x JOIN key_results k ON k.id = x.kr_id JOIN cycles c ON c.id = k.cycle_id WHERE c.workspace_id = w.id) AS "checkins",
       (SELECT count(*) FROM people p WHERE p.workspace_id = w.id) AS "people"
     FROM workspaces w ORDER BY w.id`,
  );
  // PostgreSQL's count(*) is a bigint, which the driver hands over as text.
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        cycles: Number(r.cycles),
        keyResults: Number(r.keyResults),
        checkins: Number(r.checkins),
        people: Number(r.people),
      },
    ]),
  );
}

/** Rows deleted per table, in the order they went. */
export type DeletedRows = Array<[table: string, rows: number]>;

class DryRun extends Error {
  constructor(readonly deleted: DeletedRows) {
    super('dry run');
  }
}

/**
 * Deletes every row of a workspace, its own row last. With `dryRun` the same deletes run and are
 * rolled back, so what it reports is exactly what a real run would delete.
 */
export async function deleteWorkspaceData(
  db: Db,
  workspaceId: number,
  options: { dryRun?: boolean } = {},
): Promise<DeletedRows> {
  try {
    return await db.atomic(async (tx) => {
      const deleted = await deleteAll(tx, workspaceId);
      if (options.dryRun) throw new DryRun(deleted);
      return deleted;
    });
  } catch (e) {
    if (e instanceof DryRun) return e.deleted;
    throw e;
  }
}

async function deleteAll(tx: Db, ws: number): Promise<DeletedRows> {
  const t = tx.t;
  const cycleIds = tx.select({ id: t.cycles.id }).from(t.cycles).where(eq(t.cycles.workspaceId, ws));
  const krIds = tx.select({ id: t.keyResults.id }).from(t.keyResults).where(inArray(t.keyResults.cycleId, cycleIds));
  const checkinIds = tx.select({ id: t.checkins.id }).from(t.checkins).where(inArray(t.checkins.krId, krIds));
  const steps: Array<[string, () => Promise<number>]> = [
    [
      'checkin_history',
      () => tx.exec(tx.delete(t.checkinHistory).where(inArray(t.checkinHistory.checkinId, checkinIds))),
    ],
    ['initiatives', () => tx.exec(tx.delete(t.initiatives).where(inArray(t.initiatives.krId, krIds)))],
    ['kr_values', () => tx.exec(tx.delete(t.krValues).where(inArray(t.krValues.krId, krIds)))],
    ['decisions', () => tx.exec(tx.delete(t.decisions).where(inArray(t.decisions.krId, krIds)))],
    ['deliveries', () => tx.exec(tx.delete(t.deliveries).where(eq(t.deliveries.workspaceId, ws)))],
    ['checkins', () => tx.exec(tx.delete(t.checkins).where(inArray(t.checkins.krId, krIds)))],
    ['key_results', () => tx.exec(tx.delete(t.keyResults).where(inArray(t.keyResults.cycleId, cycleIds)))],
    ['objectives', () => tx.exec(tx.delete(t.objectives).where(inArray(t.objectives.cycleId, cycleIds)))],
    ['cycles', () => tx.exec(tx.delete(t.cycles).where(eq(t.cycles.workspaceId, ws)))],
    ['teams', () => tx.exec(tx.delete(t.teams).where(eq(t.teams.workspaceId, ws)))],
    ['people', () => tx.exec(tx.delete(t.people).where(eq(t.people.workspaceId, ws)))],
    ['settings', () => tx.exec(tx.delete(t.settings).where(eq(t.settings.workspaceId, ws)))],
    ['chart_files', () => tx.exec(tx.delete(t.chartFiles).where(eq(t.chartFiles.workspaceId, ws)))],
    ['pending_imports', () => tx.exec(tx.delete(t.pendingImports).where(eq(t.pendingImports.workspaceId, ws)))],
    ['admins', () => tx.exec(tx.delete(t.admins).where(eq(t.admins.workspaceId, ws)))],
    ['workspaces', () => tx.exec(tx.delete(t.workspaces).where(eq(t.workspaces.id, ws)))],
  ];
  const deleted: DeletedRows = [];
  for (const [table, run] of steps) deleted.push([table, await run()]);
  return deleted;
}
