import type { Cycle, Team } from '../db/schema.js';
import type { DigestSelection } from '../domain/digest.js';
import { listCheckins } from '../store/checkins.js';
import { subjects } from '../store/deliveries.js';
import { listKrInfos } from '../store/keyResults.js';
import { getTeam } from '../store/teams.js';
import { LIMITS } from '../views/blocks.js';
import { isQuietWeek, renderDigestBlocks } from '../views/digestBlocks.js';
import { withChart } from './chartUpload.js';
import { teamChart, type Chart } from './charts.js';
import { weekRangeText } from './weeklyDm.js';
import { postOnce, updatePosted, type DeliverResult, type OutgoingMessage } from './delivery.js';
import type { AppDeps } from './deps.js';
import { buildTeamDigests, memoTeamDigest, type DigestMemo } from './digest.js';

/** The at-risk digest in a team channel: posted once per team per week, updated in place after. */

export const DIGEST_PURPOSE = 'digest';

export async function renderTeamDigest(
  deps: Pick<AppDeps, 'db'>,
  cycle: Cycle,
  team: Team,
  week: number,
  memo?: DigestMemo,
): Promise<RenderedDigest> {
  return digestMessage(cycle, team, await memoTeamDigest(memo, deps.db, cycle, team, week));
}

type RenderedDigest = ReturnType<typeof digestMessage>;

function digestMessage(cycle: Cycle, team: Team, digest: DigestSelection) {
  // One block is kept free for the team chart; a quiet week gets none. The week is the digest's own
  // (a biweekly team's last check-in week).
  const { week } = digest;
  const message = renderDigestBlocks(
    { teamName: team.name, cycleName: cycle.name, week, weekRange: weekRangeText(cycle, week) },
    digest,
    { maxBlocks: LIMITS.messageBlocks - 1 },
  );
  return { ...message, quiet: isQuietWeek(digest) };
}

/**
 * The team's KRs × weeks 1..week as a heat strip (the digest, the mid-cycle prompt; with stopped
 * KRs for the cycle summary); null without KRs.
 */
export async function teamStripChart(
  deps: Pick<AppDeps, 'db'>,
  cycle: Cycle,
  team: Team,
  week: number,
  options: { withStopped?: boolean } = {},
): Promise<Chart | null> {
  const krs = (await listKrInfos(deps.db, { cycleId: cycle.id, teamId: team.id })).filter(
    (k) => options.withStopped || k.status !== 'stopped',
  );
  if (krs.length === 0) return null;
  const checkins = await listCheckins(
    deps.db,
    krs.map((k) => k.id),
    week,
  );
  return teamChart(cycle, team.name, krs, checkins, week);
}

/** The digest as posted in the channel: the text and, below its heading, the team chart. */
async function channelDigest(
  deps: AppDeps,
  cycle: Cycle,
  team: Team,
  week: number,
  rendered: RenderedDigest,
): Promise<OutgoingMessage> {
  const { quiet, ...message } = rendered;
  return quiet ? message : await withChart(deps, message, await teamStripChart(deps, cycle, team, week), 2);
}

/** Renders every listed team's digest for a week in one pass over the database. */
export async function renderTeamDigests(
  deps: Pick<AppDeps, 'db'>,
  cycle: Cycle,
  teams: Team[],
  week: number,
): Promise<Map<number, RenderedDigest>> {
  const selections = await buildTeamDigests(deps.db, cycle, teams, week);
  return new Map(teams.map((t) => [t.id, digestMessage(cycle, t, selections.get(t.id)!)]));
}

export async function postTeamDigest(
  deps: AppDeps,
  cycle: Cycle,
  team: Team,
  week: number,
  prerendered?: RenderedDigest,
): Promise<DeliverResult> {
  const claim = {
    purpose: DIGEST_PURPOSE,
    subject: subjects.digest(cycle.id, team.id, week),
    cycleId: cycle.id,
    teamId: team.id,
    week,
  };
  return postOnce(deps, claim, { channel: team.digestChannel! }, async () =>
    channelDigest(deps, cycle, team, week, prerendered ?? (await renderTeamDigest(deps, cycle, team, week))),
  );
}

/** A check-in that arrives after the digest was posted updates that digest in place. */
export async function refreshTeamDigest(
  deps: AppDeps,
  cycle: Cycle,
  teamId: number,
  week: number,
  memo?: DigestMemo,
): Promise<void> {
  await updatePosted(deps, DIGEST_PURPOSE, subjects.digest(cycle.id, teamId, week), async () => {
    const team = await getTeam(deps.db, teamId);
    return team
      ? await channelDigest(deps, cycle, team, week, await renderTeamDigest(deps, cycle, team, week, memo))
      : null;
  });
}
