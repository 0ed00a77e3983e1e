import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { perDialect } from '../db/ops.js';
import type { Person, Team } from '../db/schema.js';
import { TEAM_COLUMNS } from './prepared.js';

export interface OwnerWithTeams {
  person: Person;
  /** Teams the person owns active KRs in, the team of their first KR first. */
  teams: Team[];
}

/** Everyone who owns an active KR in the cycle, with the teams those KRs belong to. */
export async function listActiveOwners(db: Db, cycleId: number): Promise<OwnerWithTeams[]> {
  const { keyResults, objectives, people, teams } = db.t;
  const rows = await db.rows(
    db
      .select({ person: people, team: teams, krId: keyResults.id })
      .from(keyResults)
      .innerJoin(people, eq(keyResults.ownerId, people.id))
      .innerJoin(objectives, eq(keyResults.objectiveId, objectives.id))
      .innerJoin(teams, eq(objectives.teamId, teams.id))
      .where(and(eq(keyResults.cycleId, cycleId), eq(keyResults.status, 'active')))
      .orderBy(keyResults.id),
  );
  const byPerson = new Map<number, OwnerWithTeams>();
  for (const r of rows) {
    let o = byPerson.get(r.person.id);
    if (!o) byPerson.set(r.person.id, (o = { person: r.person, teams: [] }));
    if (!o.teams.some((t) => t.id === r.team.id)) o.teams.push(r.team);
  }
  return [...byPerson.values()];
}

/**
 * The zone of the team a person's week falls back to: the team of their first active KR in the
 * cycle (as listActiveOwners orders them), else of their first KR at all.
 */
const FALLBACK_ZONE_SQL = perDialect(
  (
    k,
  ) => `SELECT t.timezone FROM key_results kr JOIN objectives o ON o.id = kr.objective_id JOIN teams t ON t.id = o.team_id
     WHERE kr.owner_id = ? ORDER BY (kr.cycle_id ${k === 'sqlite' ? 'IS ?' : 'IS NOT DISTINCT FROM ?::int'} AND kr.status = 'active') DESC, kr.id LIMIT 1`,
);

export async function fallbackTeamZone(db: Db, personId: number, cycleId: number | null): Promise<string[]> {
  const [row] = await db.raw<{ timezone: string }>(FALLBACK_ZONE_SQL, [personId, cycleId]);
  return row ? [row.timezone] : [];
}

/** The teams a person owns active KRs in during a cycle (their check-in schedules). Hot: prepared once. */
export async function teamsOfOwner(db: Db, personId: number, cycleId: number): Promise<Team[]> {
  return db.raw<Team>(
    `SELECT ${TEAM_COLUMNS} FROM teams WHERE id IN (SELECT o.team_id FROM key_results kr
       JOIN objectives o ON o.id = kr.objective_id WHERE kr.cycle_id = ? AND kr.owner_id = ? AND kr.status = 'active')
     ORDER BY id`,
    [cycleId, personId],
  );
}
