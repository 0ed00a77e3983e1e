import type { Db } from '../db/client.js';
import type { Cycle } from '../db/schema.js';
import { lintOkrs } from '../domain/lint.js';
import { confidencesByKr, successMetrics, type SuccessMetrics } from '../domain/successMetrics.js';
import { weekCount, weeksPassed } from '../domain/time.js';
import type { CheckinInfo, KrInfo } from '../domain/types.js';
import { listCheckins } from '../store/checkins.js';
import { answeringFacts } from '../store/answering.js';
import { countInitiatives } from '../store/initiatives.js';
import { exportDoc } from '../store/okrExport.js';
import { listTeams } from '../store/teams.js';

/**
 * The framework's metrics for success for some of a cycle's KRs (a team's, or all of them): the one
 * place that gathers their inputs, for the cycle summary, the leadership roll-up and the report.
 */

/** Weeks that have fully passed (all of them once the cycle is closed). */
export function weeksSoFar(cycle: Cycle, now: Date): number {
  return cycle.state === 'closed' ? weekCount(cycle) : weeksPassed(cycle, now);
}

export async function successMetricsFor(
  db: Db,
  cycle: Cycle,
  krs: KrInfo[],
  options: { weeksSoFar: number; checkins?: CheckinInfo[] },
): Promise<SuccessMetrics> {
  const checkins =
    options.checkins ??
    (await listCheckins(
      db,
      krs.map((k) => k.id),
    ));
  const keys = new Set(krs.flatMap((k) => [k.key, k.objectiveKey]));
  const teamIds = new Set(krs.map((k) => k.teamId));
  return successMetrics({
    krs,
    confidences: confidencesByKr(checkins),
    linked: await countInitiatives(db, cycle.id),
    weeksSoFar: options.weeksSoFar,
    teams: new Map((await listTeams(db)).filter((t) => teamIds.has(t.id)).map((t) => [t.id, t.name])),
    answering: await answeringFacts(db, cycle.id),
    lintFindings: lintOkrs((await exportDoc(db, cycle)).teams).filter((f) => keys.has(f.id)).length,
  });
}
