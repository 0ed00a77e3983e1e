import type { Db } from '../db/client.js';
import type { Cycle, Team } from '../db/schema.js';
import { selectDigest, type DigestSelection } from '../domain/digest.js';
import { listCheckinsForDigest, listCycleCheckinsForDigest } from '../store/checkins.js';
import { listKrInfos } from '../store/keyResults.js';

/** A team's at-risk digest for a week: store reads in, the pure selection out. */
export function buildTeamDigest(db: Db, cycle: Cycle, team: Team, week: number, unreachableOwnerIds?: ReadonlySet<number>): DigestSelection {
  const krs = listKrInfos(db, { cycleId: cycle.id, teamId: team.id });
  const checkins = listCheckinsForDigest(
    db,
    krs.map((k) => k.id),
    week,
  );
  return selectDigest({ week, krs, checkins, unreachableOwnerIds });
}

/**
 * Every listed team's digest for one week in a single pass over the cycle (two queries instead of
 * two per team): what the digest job uses when several teams are due in the same tick.
 */
export function buildTeamDigests(db: Db, cycle: Cycle, teams: Team[], week: number, unreachableOwnerIds?: ReadonlySet<number>): Map<number, DigestSelection> {
  const wanted = new Set(teams.map((t) => t.id));
  const krsByTeam = new Map<number, ReturnType<typeof listKrInfos>>();
  for (const kr of listKrInfos(db, { cycleId: cycle.id })) {
    if (!wanted.has(kr.teamId)) continue;
    const list = krsByTeam.get(kr.teamId) ?? [];
    list.push(kr);
    krsByTeam.set(kr.teamId, list);
  }
  const checkinsByKr = new Map<number, ReturnType<typeof listCycleCheckinsForDigest>>();
  for (const c of listCycleCheckinsForDigest(db, cycle.id, week)) {
    const list = checkinsByKr.get(c.krId) ?? [];
    list.push(c);
    checkinsByKr.set(c.krId, list);
  }
  const out = new Map<number, DigestSelection>();
  for (const team of teams) {
    const krs = krsByTeam.get(team.id) ?? [];
    out.set(team.id, selectDigest({ week, krs, checkins: krs.flatMap((k) => checkinsByKr.get(k.id) ?? []), unreachableOwnerIds }));
  }
  return out;
}
