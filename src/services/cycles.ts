import type { Cycle } from '../db/schema.js';
import { getActiveCycle, inactiveCycleNamed, nextPlannedCycle, setCycleState } from '../store/cycles.js';
import { teamsInCycle } from '../store/teams.js';
import { isAdmin } from './admins.js';
import type { AppDeps } from './deps.js';
import { closeCycleNow } from './grading.js';

/** `/okr cycle start|close` (admins): one active cycle at a time. */

export type CycleChange =
  | { kind: 'not_admin' }
  | { kind: 'nothing_to_close' }
  | { kind: 'closed'; cycle: Cycle; notes: string[] }
  | { kind: 'already_active'; cycle: Cycle }
  | { kind: 'nothing_to_start'; name?: string }
  | { kind: 'started'; cycle: Cycle };

export async function changeCycle(
  deps: AppDeps,
  slackUserId: string,
  action: 'start' | 'close',
  name?: string,
): Promise<CycleChange> {
  if (!(await isAdmin(deps, slackUserId))) return { kind: 'not_admin' };
  const active = await getActiveCycle(deps.db);
  if (action === 'close') {
    if (!active) return { kind: 'nothing_to_close' };
    return {
      kind: 'closed',
      cycle: active,
      notes: await closeCycleNow(deps, active, await teamsInCycle(deps.db, active.id)),
    };
  }
  if (active) return { kind: 'already_active', cycle: active };
  const next = name ? await inactiveCycleNamed(deps.db, name) : await nextPlannedCycle(deps.db);
  if (!next) return { kind: 'nothing_to_start', ...(name && { name }) };
  await setCycleState(deps.db, next.id, 'active');
  return { kind: 'started', cycle: next };
}
