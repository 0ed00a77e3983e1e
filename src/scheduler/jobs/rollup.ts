import type { Cycle } from '../../db/schema.js';
import { dueRollupWeek } from '../../domain/schedule.js';
import { leadershipChannel, postRollup, redrawStaleRollups, ROLLUP_PURPOSE } from '../../services/rollup.js';
import { findDelivery, subjects } from '../../store/deliveries.js';
import { teamsInCycle } from '../../store/teams.js';
import { alertAdmins } from '../notices.js';
import { channelFix } from '../../views/channelFix.js';
import type { JobContext, JobReport } from './types.js';

/**
 * Once every team's digest for a week is due, the leadership channel (when one is set) gets that
 * week's roll-up, once. Runs after the digest job in the same tick, so it follows the digests; a
 * week missed in an outage is superseded by the next, as digests are.
 */
export async function runRollup(ctx: JobContext, cycle: Cycle): Promise<JobReport> {
  const report: JobReport = { job: 'rollup', sent: 0, failed: [], skipped: 0 };
  // Posted roll-ups that check-ins or decisions changed since the last tick, redrawn once each.
  const redrawn = await redrawStaleRollups(ctx, cycle);
  if (redrawn) report.notes = { redrawn };
  const channel = await leadershipChannel(ctx);
  if (!channel) return report;
  const week = dueRollupWeek(cycle, await teamsInCycle(ctx.db, cycle.id), ctx.clock());
  if (week === null || (await findDelivery(ctx.db, ROLLUP_PURPOSE, subjects.rollup(cycle.id, week)))?.state === 'sent')
    return report;
  const r = await postRollup(ctx, cycle, week, channel);
  if (r.status === 'sent') report.sent++;
  else if (r.status === 'skipped') report.skipped!++;
  else {
    report.failed.push({ error: r.error });
    if (r.status === 'failed') {
      await alertAdmins(
        ctx,
        `rollup/cycle:${cycle.id}/week:${week}/${r.error}`,
        `⚠️ I could not post the leadership roll-up in <#${channel}>: \`${r.error}\`. ${channelFix(r.error, '`/okr leadership channel #channel`')}`,
        { cycleId: cycle.id, week },
      );
    }
  }
  return report;
}
