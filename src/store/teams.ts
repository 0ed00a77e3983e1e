import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { objectives, teams, type Team } from '../db/schema.js';

export function getTeamByName(db: Db, name: string): Team | undefined {
  return db.select().from(teams).where(sql`lower(${teams.name}) = lower(${name})`).get();
}

export function getTeam(db: Db, id: number): Team | undefined {
  return db.select().from(teams).where(eq(teams.id, id)).get();
}

export function listTeams(db: Db): Team[] {
  return db.select().from(teams).orderBy(asc(teams.name)).all();
}

export function updateTeam(db: Db, id: number, changes: Partial<Omit<Team, 'id' | 'createdAt'>>): void {
  db.update(teams).set(changes).where(eq(teams.id, id)).run();
}

/** Teams with objectives in the cycle, oldest first. */
export function teamsInCycle(db: Db, cycleId: number): Team[] {
  const ids = [...new Set(db.select({ teamId: objectives.teamId }).from(objectives).where(eq(objectives.cycleId, cycleId)).all().map((r) => r.teamId))];
  return ids.map((id) => getTeam(db, id)!).sort((a, b) => a.id - b.id);
}

export function createTeam(db: Db, values: Partial<Omit<Team, 'id' | 'createdAt'>> & { name: string }): Team {
  return db.insert(teams).values(values).returning().get();
}
