import { getActiveCycle } from '../store/cycles.js';
import { updatePerson } from '../store/people.js';
import type { AppDeps } from './deps.js';
import { identify, todayOf } from './people.js';

/** `/okr ooo` and `/okr back`: pausing and resuming someone's check-ins (only people okrbot knows). */

export type OutOfOfficeResult =
  { kind: 'not_an_owner' } | { kind: 'in_the_past'; today: string } | { kind: 'away'; until: string };

export async function setOutOfOffice(deps: AppDeps, slackUserId: string, until: string): Promise<OutOfOfficeResult> {
  const person = await identify(deps, slackUserId);
  if (!person) return { kind: 'not_an_owner' };
  const today = await todayOf(deps, person, (await getActiveCycle(deps.db))?.id ?? null);
  if (until < today) return { kind: 'in_the_past', today };
  await updatePerson(deps.db, person.id, { oooUntil: until });
  return { kind: 'away', until };
}

/** Back: DMs resume, including after a pause for weeks of silence. False for someone okrbot does not know. */
export async function comeBack(deps: AppDeps, slackUserId: string): Promise<boolean> {
  const person = await identify(deps, slackUserId);
  if (!person) return false;
  await updatePerson(deps.db, person.id, { oooUntil: null, silencedAt: null });
  return true;
}
