import type { Cycle } from '../../db/schema.js';
import { gradeRequestMoment, summaryDeadline } from '../../domain/schedule.js';
import { earliestLocalDate, toDateTime } from '../../domain/time.js';
import { postSummary, sendGradeRequest, summaryPosted, teamFullyGraded } from '../../services/grading.js';
import { postFinalRollup } from '../../services/rollup.js';
import { setCycleState } from '../../store/cycles.js';
import { listActiveOwners } from '../../store/owners.js';
import { fanOut } from '../fanout.js';
import { ownerZone } from '../../services/people.js';
import { teamsInCycle } from '../../store/teams.js';
import { channelProblem } from './digest.js';
import type { JobContext, JobReport } from './types.js';

/**
 * End of cycle: on the end date each owner is DMed to grade their KRs; each team's summary is
 * posted once all its KRs are graded (or three days after the end); then the cycle closes.
 */
export async function runClose(ctx: JobContext, cycle: Cycle): Promise<JobReport> {
  const now = toDateTime(ctx.clock());
  if (earliestLocalDate(now) < cycle.endDate) return { job: 'close', sent: 0, failed: [] };
  const owners = (await listActiveOwners(ctx.db, cycle.id)).filter(
    (o) => o.person.slackUserId !== null || o.person.email !== null,
  );
  const dueOwners = owners.filter((o) => now >= gradeRequestMoment(cycle, o.teams[0]!.checkinTime, ownerZone(o)));
  const grades = await fanOut(dueOwners, async (o) => sendGradeRequest(ctx, cycle, o.person.id), {
    gate: ctx.gate,
    concurrency: ctx.concurrency,
    signal: ctx.signal,
  });

  let summaries = 0;
  const failed = [...grades.failed];
  let allDone = true;
  for (const team of await teamsInCycle(ctx.db, cycle.id)) {
    if (await summaryPosted(ctx, cycle, team)) continue;
    const endOfCycleReached = now >= gradeRequestMoment(cycle, team.checkinTime, team.timezone).startOf('day');
    const ready =
      (endOfCycleReached && (await teamFullyGraded(ctx, cycle, team))) || now >= summaryDeadline(cycle, team);
    if (!ready) {
      allDone = false;
      continue;
    }
    if (!team.digestChannel) {
      await channelProblem(ctx, cycle, team, 'the cycle summary', 'no_channel');
      continue;
    }
    const r = await postSummary(ctx, cycle, team);
    if (r.status === 'sent') summaries++;
    else if (r.status === 'retry') allDone = false;
    else if (r.status === 'failed') {
      failed.push({ error: r.error });
      await channelProblem(ctx, cycle, team, 'the cycle summary', r.error);
    }
  }
  if (allDone && now >= gradeRequestMoment(cycle, '00:00', 'UTC')) {
    // The leadership channel's cycle-end roll-up, with the grades' metrics, before the cycle closes.
    const final = await postFinalRollup(ctx, cycle);
    if (final.status === 'retry')
      return {
        job: 'close',
        sent: grades.sent + summaries,
        failed,
        skipped: grades.skipped,
        notes: { gradeRequests: grades.sent, summaries, closed: false },
      };
    await setCycleState(ctx.db, cycle.id, 'closed');
    ctx.logger.info('cycle closed', { cycle: cycle.name });
  }
  return {
    job: 'close',
    sent: grades.sent + summaries,
    failed,
    skipped: grades.skipped,
    notes: { gradeRequests: grades.sent, summaries, closed: allDone },
  };
}
