import type { Cycle } from '../../db/schema.js';
import { dueEscalations, sendEscalation } from '../../services/escalations.js';
import type { JobContext, JobReport } from './types.js';

/** Private DMs to team leads about owners who missed check-ins weeks in a row (teams that turned it on). */
export async function runEscalations(ctx: JobContext, cycle: Cycle): Promise<JobReport> {
  const report: JobReport = { job: 'escalations', sent: 0, failed: [], skipped: 0 };
  for (const e of await dueEscalations(ctx, cycle)) {
    if (ctx.signal?.aborted) break;
    for (const r of await sendEscalation(ctx, cycle, e)) {
      if (r.status === 'sent') report.sent++;
      else if (r.status === 'skipped') report.skipped!++;
      else report.failed.push({ error: r.error, personId: e.owner.person.id, teamId: e.team.id });
    }
  }
  return report;
}
