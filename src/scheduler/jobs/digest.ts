import type { Cycle, Team } from '../../db/schema.js';
import { dueDigestWeek } from '../../domain/schedule.js';
import { DIGEST_PURPOSE, postTeamDigest, renderTeamDigests } from '../../services/teamDigest.js';
import { findDelivery, subjects } from '../../store/deliveries.js';
import { teamsInCycle } from '../../store/teams.js';
import { escapeMrkdwn } from '../../views/blocks.js';
import { channelFix } from '../../views/channelFix.js';
import { alertAdmins } from '../notices.js';
import type { JobContext, JobReport } from './types.js';

export async function channelProblem(
  ctx: JobContext,
  cycle: Cycle,
  team: Team,
  what: string,
  error: string,
  week?: number,
): Promise<void> {
  const where = team.digestChannel ? `<#${team.digestChannel}>` : 'its channel';
  const fix = channelFix(error, `\`/okr team ${escapeMrkdwn(team.name)} channel #channel\``);
  await alertAdmins(
    ctx,
    `${what}/cycle:${cycle.id}/team:${team.id}/${week !== undefined ? `week:${week}/` : ''}${error}`,
    `⚠️ I could not post ${what} for team *${escapeMrkdwn(team.name)}* in ${where}: \`${error}\`. ${fix}`,
    {
      cycleId: cycle.id,
      teamId: team.id,
      week,
    },
  );
}

/** Posts each team's at-risk digest once per week, at the team's digest time. */
export async function runDigests(ctx: JobContext, cycle: Cycle): Promise<JobReport> {
  const report: JobReport = { job: 'digest', sent: 0, failed: [], skipped: 0 };
  const due: Array<{ team: Team; week: number }> = [];
  for (const team of await teamsInCycle(ctx.db, cycle.id)) {
    const d = dueDigestWeek(cycle, team, ctx.clock());
    if (
      !d ||
      (await findDelivery(ctx.db, DIGEST_PURPOSE, subjects.digest(cycle.id, team.id, d.week)))?.state === 'sent'
    )
      continue;
    if (!team.digestChannel) {
      await channelProblem(ctx, cycle, team, 'the at-risk digest', 'no_channel');
      continue;
    }
    due.push({ team, week: d.week });
  }
  // Teams due together (the common case: same digest time) are built in one pass.
  const rendered = new Map<
    number,
    Awaited<ReturnType<typeof renderTeamDigests>> extends Map<number, infer V> ? V : never
  >();
  for (const week of new Set(due.map((d) => d.week))) {
    for (const [teamId, message] of await renderTeamDigests(
      ctx,
      cycle,
      due.filter((d) => d.week === week).map((d) => d.team),
      week,
    ))
      rendered.set(teamId, message);
  }
  for (const { team, week } of due) {
    const r = await postTeamDigest(ctx, cycle, team, week, rendered.get(team.id));
    if (r.status === 'sent') report.sent++;
    else if (r.status === 'skipped') report.skipped!++;
    else {
      report.failed.push({ error: r.error });
      // Any refusal is an admin's to know (a channel problem, or Slack refusing the message itself).
      if (r.status === 'failed') await channelProblem(ctx, cycle, team, 'the at-risk digest', r.error, week);
    }
  }
  return report;
}
