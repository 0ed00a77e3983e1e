import { eq } from 'drizzle-orm';
import { objectives, type Cycle, type Team } from '../../db/schema.js';
import { dueDigestWeek } from '../../domain/schedule.js';
import { postTeamDigest } from '../../services/teamDigest.js';
import { getTeam } from '../../store/teams.js';
import { escapeMrkdwn } from '../../views/blocks.js';
import { alertAdmins } from '../notices.js';
import type { JobContext, JobReport } from './types.js';

/** Errors that mean the bot cannot post in the channel: an admin has to act. */
const CHANNEL_ERRORS = ['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action'];

export function teamsInCycle(ctx: Pick<JobContext, 'db'>, cycle: Cycle): Team[] {
  const ids = [...new Set(ctx.db.select({ teamId: objectives.teamId }).from(objectives).where(eq(objectives.cycleId, cycle.id)).all().map((r) => r.teamId))];
  return ids.map((id) => getTeam(ctx.db, id)!).sort((a, b) => a.id - b.id);
}

export async function channelProblem(ctx: JobContext, cycle: Cycle, team: Team, what: string, error: string, week?: number): Promise<void> {
  const where = team.digestChannel ? `<#${team.digestChannel}>` : 'its channel';
  const fix =
    error === 'not_in_channel'
      ? `Invite me there with \`/invite @okrbot\`.`
      : error === 'no_channel'
        ? `Set one with \`/okr team ${escapeMrkdwn(team.name)} channel #channel\`.`
        : `Check the channel exists and is not archived, or set another with \`/okr team ${escapeMrkdwn(team.name)} channel #channel\`.`;
  await alertAdmins(ctx, `${what}/cycle:${cycle.id}/team:${team.id}/${week !== undefined ? `week:${week}/` : ''}${error}`, `⚠️ I could not post ${what} for team *${escapeMrkdwn(team.name)}* in ${where}: \`${error}\`. ${fix}`, {
    cycleId: cycle.id,
    teamId: team.id,
    week,
  });
}

/** Posts each team's at-risk digest once per week, at the team's digest time. */
export async function runDigests(ctx: JobContext, cycle: Cycle): Promise<JobReport> {
  const report: JobReport = { job: 'digest', sent: 0, failed: [], skipped: 0 };
  for (const team of teamsInCycle(ctx, cycle)) {
    const due = dueDigestWeek(cycle, team, ctx.clock());
    if (!due) continue;
    if (!team.digestChannel) {
      await channelProblem(ctx, cycle, team, 'the at-risk digest', 'no_channel');
      continue;
    }
    const r = await postTeamDigest(ctx, cycle, team, due.week);
    if (r.status === 'sent') report.sent++;
    else if (r.status === 'skipped') report.skipped!++;
    else {
      report.failed.push({ error: r.error });
      if (CHANNEL_ERRORS.includes(r.error)) await channelProblem(ctx, cycle, team, 'the at-risk digest', r.error, due.week);
    }
  }
  return report;
}
