import type { Cycle, Team } from '../db/schema.js';
import type { DigestSelection } from '../domain/digest.js';
import { subjects } from '../store/deliveries.js';
import { getTeam } from '../store/teams.js';
import { renderDigestBlocks } from '../views/digestBlocks.js';
import { weekRangeText } from './checkins.js';
import { postOnce, updatePosted, type DeliverResult } from './delivery.js';
import type { AppDeps } from './deps.js';
import { buildTeamDigest, buildTeamDigests } from './digest.js';

/** The at-risk digest in a team channel: posted once per team per week, updated in place after. */

export const DIGEST_PURPOSE = 'digest';

export function renderTeamDigest(deps: Pick<AppDeps, 'db'>, cycle: Cycle, team: Team, week: number, selection?: DigestSelection) {
  const digest = selection ?? buildTeamDigest(deps.db, cycle, team, week);
  return renderDigestBlocks({ teamName: team.name, cycleName: cycle.name, week, weekRange: weekRangeText(cycle, week) }, digest);
}

/** Renders every listed team's digest for a week in one pass over the database. */
export function renderTeamDigests(deps: Pick<AppDeps, 'db'>, cycle: Cycle, teams: Team[], week: number) {
  const selections = buildTeamDigests(deps.db, cycle, teams, week);
  return new Map(teams.map((t) => [t.id, renderTeamDigest(deps, cycle, t, week, selections.get(t.id))]));
}

export async function postTeamDigest(deps: AppDeps, cycle: Cycle, team: Team, week: number, prerendered?: ReturnType<typeof renderTeamDigest>): Promise<DeliverResult> {
  const claim = { purpose: DIGEST_PURPOSE, subject: subjects.digest(cycle.id, team.id, week), cycleId: cycle.id, teamId: team.id, week };
  return postOnce(deps, claim, { channel: team.digestChannel! }, () => prerendered ?? renderTeamDigest(deps, cycle, team, week));
}

/** A check-in that arrives after the digest was posted updates that digest in place. */
export async function refreshTeamDigest(deps: AppDeps, cycle: Cycle, teamId: number, week: number): Promise<void> {
  await updatePosted(deps, DIGEST_PURPOSE, subjects.digest(cycle.id, teamId, week), () => {
    const team = getTeam(deps.db, teamId);
    return team ? renderTeamDigest(deps, cycle, team, week) : null;
  });
}
