import { measuredValues, pathsOf } from './krValues.js';
import { streakOf } from './answering.js';
import type { Db } from '../db/client.js';
import type { Cycle } from '../db/schema.js';
import { isCheckinWeek, previousCheckinWeek } from '../domain/cadence.js';
import { mayCarryOver } from '../domain/carryOver.js';
import { formatDateRange, weekDates } from '../domain/time.js';
import { listCheckins } from '../store/checkins.js';
import { getActiveCycle } from '../store/cycles.js';
import { findDelivery, recordSkipped, subjects } from '../store/deliveries.js';
import { listKrInfos } from '../store/keyResults.js';
import { getPersonBySlackId } from '../store/people.js';
import { pageOf, renderCheckinMessage, type CheckinMessageItem } from '../views/checkinMessage.js';
import { postOnce, updatePosted, type DeliverResult } from './delivery.js';
import type { AppDeps } from './deps.js';

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
  // A biweekly team's KRs are asked in its check-in weeks only.
  const krs = (await listKrInfos(db, { cycleId: cycle.id, ownerId: personId })).filter(
    (k) => k.status === 'active' && isCheckinWeek(k.cadence, week),
  );
  const all = await listCheckins(
    db,
    krs.map((k) => k.id),
    week,
  );
  const measured = await measuredValues(db, krs);
  const paths = await pathsOf(db, cycle, krs);
  return krs.map((kr) => {
    const previous = all.find((c) => c.krId === kr.id && c.week === previousCheckinWeek(kr.cadence, week)) ?? null;
    return {
      kr,
      previous,
      current: all.find((c) => c.krId === kr.id && c.week === week) ?? null,
      measured: measured.get(kr.id) ?? null,
      path: paths.get(kr.id) ?? null,
      sameAsLast: mayCarryOver(cycle, week, previous, measured.get(kr.id)),
    };
  });
}

export type SendResult = DeliverResult | { status: 'skipped'; reason: 'no_active_krs' };

/**
 * Sends one owner their weekly check-in DM, once: the delivery row is claimed before the send and
 * marked after, so a second call (a retry, another process) sends nothing.
 */
export async function sendCheckinDm(
  deps: AppDeps,
  cycle: Cycle,
  personId: number,
  week: number,
  /** `streak`: the owner's, when the caller computed every owner's at once (the weekly fan-out). */
  options: { lateNote?: string; streak?: number } = {},
): Promise<SendResult> {
  const items = await checkinItems(deps.db, cycle, personId, week);
  if (items.length === 0) return { status: 'skipped', reason: 'no_active_krs' };
  const claim = {
    purpose: CHECKIN_PURPOSE,
    subject: subjects.checkin(cycle.id, week, personId),
    cycleId: cycle.id,
    week,
    personId,
  };
  if (items.every((i) => i.current)) {
    // Already answered this week (from /okr checkin or the Home tab): asking would be spam.
    await recordSkipped(deps.db, claim, 'already_answered', deps.clock());
    return { status: 'skipped' };
  }
  return postOnce(deps, claim, { personId }, async () =>
    renderCheckinMessage({
      cycleName: cycle.name,
      week,
      weekRange: weekRangeText(cycle, week),
      items,
      lateNote: options.lateNote,
      now: deps.clock(),
      streak: options.streak ?? (await streakOf(deps.db, cycle, { id: personId }, week)),
    }),
  );
}

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
): Promise<void> {
  await updatePosted(deps, CHECKIN_PURPOSE, subjects.checkin(cycle.id, week, personId), async () => {
    const items = await checkinItems(deps.db, cycle, personId, week);
    const page = focus.page ?? (focus.krId !== undefined ? pageOf(items, focus.krId) : 0);
    return renderCheckinMessage({
      cycleName: cycle.name,
      week,
      weekRange: weekRangeText(cycle, week),
      items,
      page,
      now: deps.clock(),
      streak: await streakOf(deps.db, cycle, { id: personId }, week),
    });
  });
}

/** A page button in someone's weekly DM: that week's message shows that page (their own DM only). */
export async function turnCheckinPage(deps: AppDeps, slackUserId: string, week: number, page: number): Promise<void> {
  const cycle = await getActiveCycle(deps.db);
  const person = await getPersonBySlackId(deps.db, slackUserId);
  if (cycle && person) await refreshCheckinMessage(deps, cycle, person.id, week, { page });
}
