import type { Db } from '../db/client.js';
import type { Cycle, Team } from '../db/schema.js';
import { selectDigest, type DigestSelection } from '../domain/digest.js';
import { listCheckins } from '../store/checkins.js';
import { listKrInfos } from '../store/keyResults.js';

/** A team's at-risk digest for a week: store reads in, the pure selection out. */
export function buildTeamDigest(db: Db, cycle: Cycle, team: Team, week: number, unreachableOwnerIds?: ReadonlySet<number>): DigestSelection {
  const krs = listKrInfos(db, { cycleId: cycle.id, teamId: team.id });
  const checkins = listCheckins(
    db,
    krs.map((k) => k.id),
    week,
  );
  return selectDigest({ week, krs, checkins, unreachableOwnerIds });
}
