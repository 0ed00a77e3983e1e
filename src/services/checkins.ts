import type { Db } from '../db/client.js';
import type { Cycle, Person } from '../db/schema.js';
import { isCheckinWeek, latestCheckinWeek, openCheckinWeek, scheduleOf, weekOpensAt } from '../domain/cadence.js';
import { weekCount } from '../domain/time.js';
import { teamsOfOwner } from '../store/owners.js';
import type { KrInfo } from '../domain/types.js';
import { getCheckin, recordCheckin, type CheckinInput } from '../store/checkins.js';
import { getActiveCycle } from '../store/cycles.js';
import { getKrInfoById } from '../store/keyResults.js';
import { getPerson, updatePerson } from '../store/people.js';
import type { AppDeps } from './deps.js';
import { mayActOn } from './access.js';
import { ownerOrAdminOnly } from '../views/access.js';
import { personForSlackUser, zoneOf } from './people.js';

/** The weekly check-in: who owes what, sending the DM, recording answers, updating the DM. */

/** Longest evidence, risks or next action we accept (what a Slack text input can hold). */
export const MAX_TEXT = 3000;

/**
 * The check-in week open for a person right now, in their own zone — the one rule (domain/cadence
 * openCheckinWeek: it opens the evening before their check-in time, closes when the next opens) that
 * `/okr checkin`, DM replies, the modal, App Home and assistants all take.
 */
export async function currentWeekOf(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  cycle: Cycle,
  person: Pick<Person, 'id' | 'timezone'>,
): Promise<number | null> {
  return (await openWeekOf(deps, cycle, person)).week;
}

async function openWeekOf(deps: Pick<AppDeps, 'db' | 'clock'>, cycle: Cycle, person: Pick<Person, 'id' | 'timezone'>) {
  const schedules = (await teamsOfOwner(deps.db, person.id, cycle.id)).map(scheduleOf);
  const zone = await zoneOf(deps.db, person, cycle.id);
  return { week: openCheckinWeek(cycle, schedules, zone, deps.clock()), schedules, zone };
}

/**
 * Text as a person meant it: control characters (a NUL byte the database would refuse, escape
 * codes) removed; tabs and line breaks kept.
 */
export function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

/** A check-in as a Slack user submits it; the author is whoever that user is. */
export type CheckinSubmission = Omit<CheckinInput, 'authorId'> & { slackUserId: string };

export type SubmitResult =
  | { ok: true; kr: KrInfo; cycle: Cycle; ownerId: number; week: number; created: boolean; changed: boolean }
  | { ok: false; error: string };

export type Eligibility =
  { ok: true; cycle: Cycle; kr: KrInfo; owner: Person; week: number } | { ok: false; title: string; error: string };

/**
 * The one rule for who may check in on which KR for which week — opening the modal and submitting
 * (modal, DM reply, /okr checkin) both ask it: the KR's owner or an admin, an active KR with an
 * owner, in the active cycle, for the owner's current week (the default when `week` is absent).
 */
export async function checkinEligibility(
  deps: AppDeps,
  slackUserId: string,
  krId: number,
  week?: number,
): Promise<Eligibility> {
  const no = (title: string, error: string) => ({ ok: false as const, title, error });
  const cycle = await getActiveCycle(deps.db);
  if (!cycle) return no('No active cycle', 'There is no active OKR cycle, so there is nothing to check in on.');
  const kr = await getKrInfoById(deps.db, cycle.id, krId);
  if (!kr) return no('Not found', 'That key result is not part of the active cycle any more.');
  if (!(await mayActOn(deps, slackUserId, kr)))
    return no('Not your key result', ownerOrAdminOnly(kr.key, 'check in on it'));
  if (kr.status !== 'active') return no('No check-in needed', `${kr.key} is ${kr.status}, so it needs no check-in.`);
  const owner = kr.ownerId === null ? undefined : await getPerson(deps.db, kr.ownerId);
  if (!owner) return no('No owner', `${kr.key} has no owner; give it one first.`);
  const open = await openWeekOf(deps, cycle, owner);
  // A biweekly KR's check-in week stays open through the week between.
  const current = open.week === null ? null : latestCheckinWeek(kr.cadence, open.week);
  const w = week ?? current;
  if (w === null) return no('Outside the cycle', `Cycle ${cycle.name} has no current week.`);
  if (w < 1 || w > weekCount(cycle)) return no('No such week', `Cycle ${cycle.name} has no week ${w}.`);
  if (!isCheckinWeek(kr.cadence, w))
    return no('No check-in that week', `${kr.key}'s team checks in every two weeks; week ${w} has no check-in.`);
  if (current === null || w > current) {
    const opens = weekOpensAt(cycle, w, open.schedules, open.zone);
    const when = opens
      ? ` It opens ${opens.setZone(open.zone).toFormat("cccc, LLL d 'at' HH:mm")} (${open.zone}).`
      : '';
    return no('Not yet', `Week ${w} has not started yet.${when}`);
  }
  if (w < current)
    return no(
      'Week closed',
      `Week ${w} has ended, so its check-in is closed. Check in for this week (week ${current}) with /okr checkin ${kr.key}.`,
    );
  return { ok: true, cycle, kr, owner, week: w };
}

/** Validates and records a check-in. Refusals say why and write nothing. */
export async function submitCheckin(deps: AppDeps, submitted: CheckinSubmission): Promise<SubmitResult> {
  const optional = (t: string | null | undefined) => (t ? plainText(t).trim() || null : t);
  const s = {
    ...submitted,
    evidence: plainText(submitted.evidence),
    risks: optional(submitted.risks),
    nextAction: optional(submitted.nextAction),
  };
  const tooLong = (['evidence', 'risks', 'nextAction'] as const).find((f) => (s[f]?.length ?? 0) > MAX_TEXT);
  if (tooLong)
    return {
      ok: false,
      error: `Your ${tooLong === 'nextAction' ? 'next action' : tooLong} is ${s[tooLong]!.length} characters; please keep it within ${MAX_TEXT}.`,
    };
  if (!s.evidence.trim()) return { ok: false, error: 'Add your evidence: what makes you this confident?' };
  const may = await checkinEligibility(deps, s.slackUserId, s.krId, s.week);
  if (!may.ok) return may;
  const { cycle, kr, owner } = may;
  const { slackUserId, ...answer } = s;
  const result = await recordCheckin(
    deps.db,
    { ...answer, authorId: (await personForSlackUser(deps.db, slackUserId)).id },
    deps.clock(),
  );
  // An answer resumes DMs paused after weeks of silence.
  if (owner.silencedAt) await updatePerson(deps.db, owner.id, { silencedAt: null });
  return { ok: true, kr, cycle, ownerId: owner.id, week: s.week, created: result.created, changed: result.changed };
}

export async function existingCheckin(db: Db, krId: number, week: number) {
  return (await getCheckin(db, krId, week)) ?? null;
}
