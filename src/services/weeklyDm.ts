import { measuredValues, pathsOf } from './krValues.js';
import { streakOf } from './answering.js';
import type { Db } from '../db/client.js';
import type { Cycle } from '../db/schema.js';
import { isCheckinWeek, previousCheckinWeek } from '../domain/cadence.js';
import { mayCarryOver } from '../domain/carryOver.js';
import { formatDateRange, weekDates } from '../domain/time.js';
import { listCheckins } from '../store/checkins.js';
import type { CheckinInfo, KrInfo } from '../domain/types.js';
import { getActiveCycle } from '../store/cycles.js';
import { findDelivery, recordSkipped, subjects } from '../store/deliveries.js';
import { listKrInfos } from '../store/keyResults.js';
import { getPersonBySlackId } from '../store/people.js';
import { pageOf, renderCheckinMessage, type CheckinMessageItem } from '../views/checkinMessage.js';
import { postOnce, updatePosted, type DeliverResult } from './delivery.js';
import type { AppDeps } from './deps.js';
import type { WorkMemo } from './workMemo.js';

/** The weekly check-in DM: what it asks, sending it once, and keeping it up to date in place. */

export const CHECKIN_PURPOSE = 'checkin';

const rangeCache = new Map<string, string>();
export function weekRangeText(cycle: Pick<Cycle, 'startDate' | 'endDate'>, week: number): string {
  const key = `${cycle.startDate}/${cycle.endDate}/${week}`;
  let text = rangeCache.get(key);
  if (text === undefined) {
    const { first, last } = weekDates(cycle, week);
    text = formatDateRange(first, last);
    if (rangeCache.size > 10_000) rangeCache.clear();
    rangeCache.set(key, text);
  }
  return text;
}

/** Active KRs a person owns in the cycle that are asked this week, with the last and this check-in. */
export async function checkinItems(
  db: Db,
  cycle: Cycle,
  personId: number,
  week: number,
): Promise<CheckinMessageItem[]> {
  const krs = await listKrInfos(db, { cycleId: cycle.id, ownerId: personId });
  return (await checkinItemsOf(db, cycle, [{ week, krs }]))[0]!;
}

/**
 * The same for several owners' DMs at once, each from the KRs they own (the weekly fan-out reads a
 * batch of DMs in three queries instead of five per DM).
 */
export async function checkinItemsOf(
  db: Db,
  cycle: Cycle,
  asks: Array<{ week: number; krs: KrInfo[] }>,
): Promise<CheckinMessageItem[][]> {
  // A biweekly team's KRs are asked in its check-in weeks only.
  const asked = asks.map((a) => a.krs.filter((k) => k.status === 'active' && isCheckinWeek(k.cadence, a.week)));
  const all = asked.flat();
  if (all.length === 0) return asked.map(() => []);
  const weeks = asks.map((a) => a.week);
  // From the earliest "last check-in" of them (the week before, or two for a biweekly team).
  const lasts = asked.flatMap((krs, i) => krs.map((k) => previousCheckinWeek(k.cadence, weeks[i]!) ?? weeks[i]!));
  const checkins = new Map<string, CheckinInfo>();
  const ids = all.map((k) => k.id);
  for (const c of await listCheckins(db, ids, Math.max(...weeks), Math.min(...lasts)))
    checkins.set(`${c.krId}/${c.week}`, c);
  const measured = await measuredValues(db, all);
  const paths = await pathsOf(db, cycle, all);
  return asked.map((krs, i) => {
    const week = weeks[i]!;
    return krs.map((kr) => {
      const previous = checkins.get(`${kr.id}/${previousCheckinWeek(kr.cadence, week)}`) ?? null;
      return {
        kr,
        previous,
        current: checkins.get(`${kr.id}/${week}`) ?? null,
        measured: measured.get(kr.id) ?? null,
        path: paths.get(kr.id) ?? null,
        sameAsLast: mayCarryOver(cycle, week, previous, measured.get(kr.id)),
      };
    });
  });
}

export type SendResult = DeliverResult | { status: 'skipped'; reason: 'no_active_krs' };

/** What claims an owner's weekly DM: one per cycle, week and person. */
export const checkinClaim = (cycle: Pick<Cycle, 'id'>, personId: number, week: number) => ({
  purpose: CHECKIN_PURPOSE,
  subject: subjects.checkin(cycle.id, week, personId),
  cycleId: cycle.id,
  week,
  personId,
});

/**
 * `streak`: the owner's, when the caller computed every owner's at once (the weekly fan-out);
 * `page`: the page shown (an update in place); `memo`: reads shared with other redraws of one check-in.
 */
export interface CheckinDmOptions {
  lateNote?: string;
  streak?: number;
  page?: number;
  memo?: WorkMemo;
}

/** The weekly DM's message for its items: what is posted and what updates it in place. */
export async function checkinDmMessage(
  deps: AppDeps,
  cycle: Cycle,
  personId: number,
  week: number,
  items: CheckinMessageItem[],
  options: CheckinDmOptions,
) {
  return renderCheckinMessage({
    cycleName: cycle.name,
    week,
    weekRange: weekRangeText(cycle, week),
    items,
    lateNote: options.lateNote,
    page: options.page,
    now: deps.clock(),
    streak: options.streak ?? (await streakOf(deps.db, cycle, { id: personId }, week, options.memo)),
  });
}

/** A DM with nothing to ask: the owner has no active KR asked that week. */
export const NOTHING_TO_ASK = { status: 'skipped', reason: 'no_active_krs' } as const;

/**
 * Sends one owner their weekly check-in DM, once: the delivery row is claimed before the send and
 * marked after, so a second call (a retry, another process) sends nothing.
 */
export async function sendCheckinDm(
  deps: AppDeps,
  cycle: Cycle,
  personId: number,
  week: number,
  options: CheckinDmOptions = {},
): Promise<SendResult> {
  const items = await checkinItems(deps.db, cycle, personId, week);
  if (items.length === 0) return NOTHING_TO_ASK;
  const claim = checkinClaim(cycle, personId, week);
  if (items.every((i) => i.current)) {
    // Already answered this week (from /okr checkin or the Home tab): asking would be spam.
    await recordSkipped(deps.db, claim, ALREADY_ANSWERED, deps.clock());
    return { status: 'skipped' };
  }
  return postOnce(deps, claim, { personId }, () => checkinDmMessage(deps, cycle, personId, week, items, options));
}

/** Why a weekly DM was recorded as skipped: every KR it would ask was answered already. */
export const ALREADY_ANSWERED = 'already_answered';

/** Whether the owner's weekly DM for that week is in Slack (so answers can show up in it). */
export async function weeklyDmPosted(
  deps: Pick<AppDeps, 'db'>,
  cycle: Cycle,
  personId: number,
  week: number,
): Promise<boolean> {
  const d = await findDelivery(deps.db, CHECKIN_PURPOSE, subjects.checkin(cycle.id, week, personId));
  return d?.state === 'sent' && Boolean(d.channel && d.ts);
}

/** Re-renders an owner's DM for a week in place (after a check-in or a page change). */
export async function refreshCheckinMessage(
  deps: AppDeps,
  cycle: Cycle,
  personId: number,
  week: number,
  focus: { krId?: number; page?: number } = {},
  memo?: WorkMemo,
): Promise<void> {
  await updatePosted(deps, CHECKIN_PURPOSE, subjects.checkin(cycle.id, week, personId), async () => {
    const items = await checkinItems(deps.db, cycle, personId, week);
    const page = focus.page ?? (focus.krId !== undefined ? pageOf(items, focus.krId) : 0);
    return checkinDmMessage(deps, cycle, personId, week, items, { page, memo });
  });
}

/** A page button in someone's weekly DM: that week's message shows that page (their own DM only). */
export async function turnCheckinPage(deps: AppDeps, slackUserId: string, week: number, page: number): Promise<void> {
  const cycle = await getActiveCycle(deps.db);
  const person = await getPersonBySlackId(deps.db, slackUserId);
  if (cycle && person) await refreshCheckinMessage(deps, cycle, person.id, week, { page });
}
