import type { Cycle } from '../../db/schema.js';
import { midcycleMoment } from '../../domain/schedule.js';
import { addDays, earliestLocalDate, toDateTime } from '../../domain/time.js';
import { postMidcycle } from '../../services/decisions.js';
import { teamsInCycle } from '../../store/teams.js';
import { channelProblem } from './digest.js';
import type { JobContext, JobReport } from './types.js';

/** On the mid-cycle date, each team channel gets its double down / pivot / stop prompt, once. */
export async function runMidcycle(ctx: JobContext, cycle: Cycle): Promise<JobReport> {
  const report: JobReport = { job: 'midcycle', sent: 0, failed: [], skipped: 0 };
  const now = toDateTime(ctx.clock());
  if (earliestLocalDate(now) < cycle.midDate) return report;
  for (const team of await teamsInCycle(ctx.db, cycle.id)) {
    if (now < midcycleMoment(cycle, team)) continue;
    // After an outage, a late prompt still helps until the cycle's last week; after that it is moot.
    if (now.setZone(team.timezone).toISODate()! > addDays(cycle.endDate, -7)) continue;
    if (!team.digestChannel) {
      await channelProblem(ctx, cycle, team, 'the mid-cycle prompt', 'no_channel');
      continue;
    }
    const r = await postMidcycle(ctx, cycle, team);
    if (r.status === 'sent') report.sent++;
    else if (r.status === 'skipped') report.skipped!++;
    else {
      report.failed.push({ error: r.error });
      await channelProblem(ctx, cycle, team, 'the mid-cycle prompt', r.error);
    }
  }
  return report;
}
