import { getCurrentCycle } from '../store/cycles.js';
import { linkInitiative } from '../store/initiatives.js';
import { listKrInfos } from '../store/keyResults.js';
import { teamMembersOnly } from '../views/access.js';
import { actorFor, isMemberOf } from './access.js';
import { plainText } from './checkins.js';
import type { AppDeps } from './deps.js';

/**
 * Links work to KRs (`/okr link`): members of each KR's team (its KR owners) and admins may.
 * All or nothing: one KR that is unknown or not theirs and nothing is linked.
 */
export async function linkWork(
  deps: AppDeps,
  slackUserId: string,
  krKeys: string[],
  url: string,
  title: string | null,
): Promise<{ ok: true; krs: string[]; already: string[] } | { ok: false; error: string }> {
  const cycle = await getCurrentCycle(deps.db);
  if (!cycle || cycle.state === 'closed') return { ok: false, error: 'There is no planned or active cycle.' };
  const all = await listKrInfos(deps.db, { cycleId: cycle.id });
  const actor = await actorFor(deps, slackUserId, cycle.id);
  const krs = [];
  for (const key of krKeys) {
    const kr = all.find((k) => k.key === key);
    if (!kr) return { ok: false, error: `No key result ${key} in ${cycle.name}. Nothing was linked.` };
    if (!isMemberOf(actor, kr.teamId))
      return { ok: false, error: `${teamMembersOnly(key, 'link work to it')} Nothing was linked.` };
    krs.push(kr);
  }
  const cleanTitle = title ? plainText(title).trim().slice(0, 300) || null : null;
  const already: string[] = [];
  for (const kr of krs)
    if (!(await linkInitiative(deps.db, kr.id, url, cleanTitle, actor.personId, deps.clock())).created)
      already.push(kr.key);
  return { ok: true, krs: krs.map((k) => k.key), already };
}
