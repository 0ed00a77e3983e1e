import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { keyResults, objectives, people, teams, type Person, type Team } from '../db/schema.js';

export interface OwnerWithTeams {
  person: Person;
  /** Teams the person owns active KRs in, the team of their first KR first. */
  teams: Team[];
}

/** Everyone who owns an active KR in the cycle, with the teams those KRs belong to. */
export function listActiveOwners(db: Db, cycleId: number): OwnerWithTeams[] {
  const rows = db
    .select({ person: people, team: teams, krId: keyResults.id })
    .from(keyResults)
    .innerJoin(people, eq(keyResults.ownerId, people.id))
    .innerJoin(objectives, eq(keyResults.objectiveId, objectives.id))
    .innerJoin(teams, eq(objectives.teamId, teams.id))
    .where(and(eq(keyResults.cycleId, cycleId), eq(keyResults.status, 'active')))
    .orderBy(keyResults.id)
    .all();
  const byPerson = new Map<number, OwnerWithTeams>();
  for (const r of rows) {
    let o = byPerson.get(r.person.id);
    if (!o) byPerson.set(r.person.id, (o = { person: r.person, teams: [] }));
    if (!o.teams.some((t) => t.id === r.team.id)) o.teams.push(r.team);
  }
  return [...byPerson.values()];
}
