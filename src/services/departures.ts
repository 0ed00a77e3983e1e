import { listKrInfos } from '../store/keyResults.js';
import { getActiveCycle } from '../store/cycles.js';
import { listPeopleWhoLeft } from '../store/people.js';
import { personLabel, renderLeftSlackAlert } from '../views/people.js';
import { alertAdmins } from './adminAlerts.js';
import type { AppDeps } from './deps.js';

/**
 * People who left Slack and still own active KRs: the admins are told once per departure (the
 * claim is keyed by the person and when they left), from the database — each scheduler tick and
 * right after a `user_change` — whichever surface noticed the departure.
 */
export async function alertDepartures(deps: AppDeps): Promise<number> {
  const cycle = await getActiveCycle(deps.db);
  if (!cycle) return 0;
  let told = 0;
  for (const person of await listPeopleWhoLeft(deps.db)) {
    const krs = (await listKrInfos(deps.db, { cycleId: cycle.id, ownerId: person.id })).filter(
      (k) => k.status === 'active',
    );
    if (krs.length === 0) continue;
    await alertAdmins(
      deps,
      `left-slack/person:${person.id}/at:${person.leftSlackAt}`,
      renderLeftSlackAlert(
        personLabel(person),
        cycle.name,
        krs.map((k) => k.key),
      ),
      { cycleId: cycle.id },
    );
    told++;
  }
  return told;
}
