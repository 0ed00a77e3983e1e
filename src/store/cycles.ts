import { and, asc, desc, eq, gte, lte, ne } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { CYCLE_COLUMNS } from './prepared.js';
import type { Cycle } from '../db/schema.js';

/** Every lookup here is within the handle's workspace. */
const mine = (db: Db) => eq(db.t.cycles.workspaceId, db.workspaceId);

export async function getCycleByName(db: Db, name: string): Promise<Cycle | undefined> {
  const { cycles } = db.t;
  return db.first(
    db
      .select()
      .from(cycles)
      .where(and(mine(db), eq(cycles.name, name))),
  );
}

export async function getActiveCycle(db: Db): Promise<Cycle | undefined> {
  // Asked by nearly every request: a prepared statement, not a freshly built query.
  return (
    await db.raw<Cycle>(`SELECT ${CYCLE_COLUMNS} FROM cycles WHERE workspace_id = ? AND state = 'active'`, [
      db.workspaceId,
    ])
  )[0];
}

/** The active cycle, else the most recently started one: what a reader most likely means. */
export async function getCurrentCycle(db: Db): Promise<Cycle | undefined> {
  const { cycles } = db.t;
  return (
    (await getActiveCycle(db)) ??
    db.first(db.select().from(cycles).where(mine(db)).orderBy(desc(cycles.startDate), desc(cycles.id)).limit(1))
  );
}

export async function setCycleState(db: Db, cycleId: number, state: Cycle['state']): Promise<void> {
  const { cycles } = db.t;
  await db.exec(
    db
      .update(cycles)
      .set({ state })
      .where(and(mine(db), eq(cycles.id, cycleId))),
  );
}

/** The earliest planned cycle whose dates include `date` (what the scheduler starts). */
export async function plannedCycleStartingBy(db: Db, date: string): Promise<Cycle | undefined> {
  const { cycles } = db.t;
  return db.first(
    db
      .select()
      .from(cycles)
      .where(and(mine(db), eq(cycles.state, 'planned'), lte(cycles.startDate, date), gte(cycles.endDate, date)))
      .orderBy(asc(cycles.startDate))
      .limit(1),
  );
}

/** The earliest planned cycle (what `/okr cycle start` starts when no name is given). */
export async function nextPlannedCycle(db: Db): Promise<Cycle | undefined> {
  const { cycles } = db.t;
  return db.first(
    db
      .select()
      .from(cycles)
      .where(and(mine(db), eq(cycles.state, 'planned')))
      .orderBy(asc(cycles.startDate))
      .limit(1),
  );
}

/** A cycle by name that is not the active one (planned or closed: an admin may reopen it). */
export async function inactiveCycleNamed(db: Db, name: string): Promise<Cycle | undefined> {
  const { cycles } = db.t;
  return db.first(
    db
      .select()
      .from(cycles)
      .where(and(mine(db), eq(cycles.name, name), ne(cycles.state, 'active'))),
  );
}
