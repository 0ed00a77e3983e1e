import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Team } from '../db/schema.js';
import { TEAM_COLUMNS } from './prepared.js';

/** Every lookup here is within the handle's workspace. */
const mine = (db: Db) => eq(db.t.teams.workspaceId, db.workspaceId);

export async function getTeamByName(db: Db, name: string): Promise<Team | undefined> {
  const { teams } = db.t;
  return db.first(
    db
      .select()
      .from(teams)
      .where(and(mine(db), sql`lower(${teams.name}) = lower(${name})`)),
  );
}

export async function getTeam(db: Db, id: number): Promise<Team | undefined> {
  // Hot (every check-in, App Home): a statement prepared once.
  return (
    await db.raw<Team>(`SELECT ${TEAM_COLUMNS} FROM teams WHERE workspace_id = ? AND id = ?`, [db.workspaceId, id])
  )[0];
}

export async function listTeams(db: Db): Promise<Team[]> {
  const { teams } = db.t;
  return db.rows(db.select().from(teams).where(mine(db)).orderBy(asc(teams.name)));
}

export async function updateTeam(
  db: Db,
  id: number,
  changes: Partial<Omit<Team, 'id' | 'createdAt' | 'workspaceId'>>,
): Promise<void> {
  const { teams } = db.t;
  await db.exec(
    db
      .update(teams)
      .set(changes)
      .where(and(mine(db), eq(teams.id, id))),
  );
}

/** Teams with objectives in the cycle, oldest first. */
export async function teamsInCycle(db: Db, cycleId: number): Promise<Team[]> {
  const { objectives, teams } = db.t;
  const inCycle = db
    .selectDistinct({ teamId: objectives.teamId })
    .from(objectives)
    .where(eq(objectives.cycleId, cycleId));
  return db.rows(
    db
      .select()
      .from(teams)
      .where(and(mine(db), inArray(teams.id, inCycle)))
      .orderBy(asc(teams.id)),
  );
}

export async function createTeam(
  db: Db,
  values: Partial<Omit<Team, 'id' | 'createdAt' | 'workspaceId'>> & { name: string },
): Promise<Team> {
  const { teams } = db.t;
  return (await db.first(
    db
      .insert(teams)
      .values({ ...values, workspaceId: db.workspaceId })
      .returning(),
  ))!;
}
