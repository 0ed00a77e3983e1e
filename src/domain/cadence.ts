import type { DateTime } from 'luxon';
import {
  addDays,
  cycleWeek,
  localDate,
  scheduledInstant,
  toDateTime,
  wallClock,
  weekCount,
  weekDates,
  weekEndsAt,
  type CycleDates,
  type Instant,
} from './time.js';

/**
 * How often a team checks in, and the one rule for when a check-in week opens and closes. Pure.
 *
 * - `weekly`: every cycle week has a check-in. `biweekly`: weeks 1, 3, 5, … do; the weeks between
 *   have none and are never "missing" (digests, charts, answer rates, metrics).
 * - A check-in week opens at the start of the week (local) or, if earlier, on the evening before
 *   the owner's check-in time (18:00 local the day before) — so an owner can answer early. It
 *   closes when the owner's next check-in week opens, or when the cycle ends.
 */

export const CADENCES = ['weekly', 'biweekly'] as const;
export type Cadence = (typeof CADENCES)[number];

/** "The evening before": the local time, the day before a check-in, from which it can be answered. */
export const OPENS_EVENING_BEFORE = '18:00';

export function isCadence(value: unknown): value is Cadence {
  return typeof value === 'string' && (CADENCES as readonly string[]).includes(value);
}

/** Whether a team with this cadence checks in during a cycle week. */
export function isCheckinWeek(cadence: Cadence | undefined, week: number): boolean {
  return week >= 1 && (cadence !== 'biweekly' || week % 2 === 1);
}

/** The latest check-in week at or before `week`, or null. */
export function latestCheckinWeek(cadence: Cadence | undefined, week: number): number | null {
  for (let w = week; w >= 1; w--) if (isCheckinWeek(cadence, w)) return w;
  return null;
}

/** The check-in week before `week` ("last time" in a DM, a digest's drops), or null. */
export function previousCheckinWeek(cadence: Cadence | undefined, week: number): number | null {
  return latestCheckinWeek(cadence, week - 1);
}

/** Check-in weeks 1…upTo: what answer rates and streaks count. */
export function checkinWeeks(cadence: Cadence | undefined, upTo: number): number[] {
  const weeks: number[] = [];
  for (let w = 1; w <= upTo; w++) if (isCheckinWeek(cadence, w)) weeks.push(w);
  return weeks;
}

export interface CheckinSchedule {
  weekday: number; // 1 = Monday
  time: string; // HH:MM
  cadence?: Cadence;
}

/** The earliest check-in moment in a week among the schedules that check in that week, or null. */
export function checkinMomentIn(
  cycle: CycleDates,
  week: number,
  schedules: readonly CheckinSchedule[],
  zone: string,
): DateTime | null {
  let earliest: DateTime | null = null;
  for (const s of schedules) {
    if (!isCheckinWeek(s.cadence, week)) continue;
    const at = scheduledInstant(cycle, week, s.weekday, s.time, zone);
    if (at && (!earliest || at < earliest)) earliest = at;
  }
  return earliest;
}

/** A team's schedule as the rules above read it. */
export function scheduleOf(team: {
  checkinWeekday: number;
  checkinTime: string;
  checkinCadence?: Cadence;
}): CheckinSchedule {
  return { weekday: team.checkinWeekday, time: team.checkinTime, cadence: team.checkinCadence ?? 'weekly' };
}

const asksIn = (schedules: readonly CheckinSchedule[], week: number) =>
  schedules.length === 0 ? isCheckinWeek('weekly', week) : schedules.some((s) => isCheckinWeek(s.cadence, week));

// weekOpensAt is pure and asked on every check-in, `/okr mine` and App Home: its zone arithmetic
// (Luxon) was ~15 % of `/okr mine`'s CPU. Results are immutable DateTimes, shared safely.
const opensCache = new Map<string, DateTime | null>();

/** When a person's check-in week opens (see the module comment); null if nothing is asked that week. */
export function weekOpensAt(
  cycle: CycleDates,
  week: number,
  schedules: readonly CheckinSchedule[],
  zone: string,
): DateTime | null {
  const key = `${cycle.startDate}/${cycle.endDate}/${week}/${zone}/${schedules.map((s) => `${s.weekday}@${s.time}@${s.cadence}`).join(',')}`;
  let opens = opensCache.get(key);
  if (opens === undefined) {
    opens = computeWeekOpensAt(cycle, week, schedules, zone);
    if (opensCache.size >= 10_000) opensCache.clear();
    opensCache.set(key, opens);
  }
  return opens;
}

function computeWeekOpensAt(
  cycle: CycleDates,
  week: number,
  schedules: readonly CheckinSchedule[],
  zone: string,
): DateTime | null {
  if (week < 1 || week > weekCount(cycle) || !asksIn(schedules, week)) return null;
  const start = wallClock(weekDates(cycle, week).first, '00:00', zone);
  const moment = checkinMomentIn(cycle, week, schedules, zone);
  if (!moment) return start;
  const eveningBefore = wallClock(addDays(moment.setZone(zone).toISODate()!, -1), OPENS_EVENING_BEFORE, zone);
  return eveningBefore < start ? eveningBefore : start;
}

/**
 * The check-in week open for a person at an instant — the week `/okr checkin`, a DM reply and the
 * App Home take: the latest week they are asked in that has opened, or null before the first opens
 * and after the cycle ends. `schedules` are those of the teams they own KRs in (none: weekly).
 */
export function openCheckinWeek(
  cycle: CycleDates,
  schedules: readonly CheckinSchedule[],
  zone: string,
  now: Instant,
): number | null {
  const count = weekCount(cycle);
  const today = localDate(now, zone);
  if (today > cycle.endDate) return null;
  const local = cycleWeek(cycle, now, zone) ?? 0;
  const ms = now instanceof Date ? now.getTime() : toDateTime(now).toMillis();
  // The next week asked may already be open (the evening before); else the latest asked so far.
  for (let w = local + 1; w <= count; w++) {
    if (!asksIn(schedules, w)) continue;
    const opens = weekOpensAt(cycle, w, schedules, zone);
    if (opens && opens.toMillis() <= ms) return w;
    break;
  }
  for (let w = local; w >= 1; w--) if (asksIn(schedules, w)) return w;
  return null;
}

/** When a person's check-in week closes: when their next one opens, or at the end of the cycle. */
export function weekClosesAt(
  cycle: CycleDates,
  week: number,
  schedules: readonly CheckinSchedule[],
  zone: string,
): DateTime {
  for (let w = week + 1; w <= weekCount(cycle); w++) {
    const opens = weekOpensAt(cycle, w, schedules, zone);
    if (opens) return opens;
  }
  return weekEndsAt(cycle, weekCount(cycle), zone);
}
