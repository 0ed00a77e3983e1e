import { awayMarkers, MAX_AWAY_MARKERS } from '../domain/away.js';
import { getActiveCycle } from '../store/cycles.js';
import { getSetting, setSetting } from '../store/settings.js';
import { isAdmin } from './admins.js';
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
  // An away Slack status is not undone here: it is the person's own, and changing it resumes DMs.
  await updatePerson(deps.db, person.id, { oooUntil: null, silencedAt: null });
  return true;
}

export type AwayStatusesResult =
  { ok: true; markers: string[]; changed: boolean } | { ok: false; reason: 'not_admin' | 'too_many' | 'too_long' };

/**
 * `/okr away-statuses`: the Slack status emoji and words that mean "away" in this workspace (shown to
 * anyone; set by admins; `default` restores 🌴, vacation, OOO, out of office).
 */
export async function awayStatuses(
  deps: AppDeps,
  slackUserId: string,
  markers?: string[],
): Promise<AwayStatusesResult> {
  if (!markers) return { ok: true, markers: awayMarkers(await getSetting(deps.db, 'away_statuses')), changed: false };
  if (!(await isAdmin(deps, slackUserId))) return { ok: false, reason: 'not_admin' };
  const reset = markers.length === 1 && markers[0]!.toLowerCase() === 'default';
  if (markers.length > MAX_AWAY_MARKERS) return { ok: false, reason: 'too_many' };
  if (markers.some((m) => m.length > 50)) return { ok: false, reason: 'too_long' };
  const value = reset ? '' : markers.map((m) => m.toLowerCase()).join('\n');
  await setSetting(deps.db, 'away_statuses', value, slackUserId, deps.clock());
  return { ok: true, markers: awayMarkers(value), changed: true };
}
