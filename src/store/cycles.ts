import { and, asc, desc, eq, gte, lte, ne } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { prepared } from './prepared.js';
import { cycles, type Cycle } from '../db/schema.js';

export function getCycleByName(db: Db, name: string): Cycle | undefined {
  return db.select().from(cycles).where(eq(cycles.name, name)).get();
}

export function getActiveCycle(db: Db): Cycle | undefined {
  // Asked by nearly every request: a prepared statement, not a freshly built query.
  return prepared(db, "SELECT id, name, start_date AS startDate, end_date AS endDate, mid_date AS midDate, state, created_at AS createdAt FROM cycles WHERE state = 'active'").get() as Cycle | undefined;
}

/** The active cycle, else the most recently started one: what a reader most likely means. */
export function getCurrentCycle(db: Db): Cycle | undefined {
  return getActiveCycle(db) ?? db.select().from(cycles).orderBy(desc(cycles.startDate), desc(cycles.id)).limit(1).get();
}

export function setCycleState(db: Db, cycleId: number, state: Cycle['state']): void {
  db.update(cycles).set({ state }).where(eq(cycles.id, cycleId)).run();
}

/** The earliest planned cycle whose dates include `date` (what the scheduler starts). */
export function plannedCycleStartingBy(db: Db, date: string): Cycle | undefined {
  return db
    .select()
    .from(cycles)
    .where(and(eq(cycles.state, 'planned'), lte(cycles.startDate, date), gte(cycles.endDate, date)))
    .orderBy(asc(cycles.startDate))
    .get();
}

/** The earliest planned cycle (what `/okr cycle start` starts when no name is given). */
export function nextPlannedCycle(db: Db): Cycle | undefined {
  return db.select().from(cycles).where(eq(cycles.state, 'planned')).orderBy(asc(cycles.startDate)).get();
}

/** A cycle by name that is not the active one (planned or closed: an admin may reopen it). */
export function inactiveCycleNamed(db: Db, name: string): Cycle | undefined {
  return db.select().from(cycles).where(and(eq(cycles.name, name), ne(cycles.state, 'active'))).get();
}
