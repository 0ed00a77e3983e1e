import type { DateTime } from 'luxon';
import { checkinMomentIn, type CheckinSchedule } from './cadence.js';
import { cycleWeek, localDate, toDateTime, type CycleDates, type Instant } from './time.js';

/**
 * Who owes a weekly check-in at an instant. An owner is due once their own local check-in weekday
 * and time (of any team they own a KR in; the earliest wins) has been reached in the current cycle
 * week, if they have not been sent this week's check-in and are not out of office.
 */

/** A team's check-in day, time and cadence (a biweekly team asks in weeks 1, 3, 5, …). */
export type TeamSchedule = CheckinSchedule;

export interface OwnerToAsk {
  personId: number;
  /** Owner's own zone, or their team's until Slack tells us theirs. */
  zone: string;
  /** Inclusive local date, or null. */
  oooUntil: string | null;
  schedules: TeamSchedule[];
}

export interface DueCheckin {
  personId: number;
  week: number;
  scheduledAt: DateTime;
  /** How long after the scheduled moment we are. */
  lateMs: number;
}

/** More than this late and the DM says so. */
export const LATE_AFTER_MS = 24 * 60 * 60 * 1000;

export function isOutOfOffice(oooUntil: string | null, now: Instant, zone: string): boolean {
  return oooUntil !== null && localDate(now, zone) <= oooUntil;
}

/** The earliest moment this week at which the owner should be asked, or null (none of their teams asks then). */
export function checkinMoment(cycle: CycleDates, owner: OwnerToAsk, week: number): DateTime | null {
  return checkinMomentIn(cycle, week, owner.schedules, owner.zone);
}

export function dueCheckins(
  now: Instant,
  cycle: CycleDates,
  owners: OwnerToAsk[],
  alreadySent: (personId: number, week: number) => boolean,
): DueCheckin[] {
  const instant = toDateTime(now);
  const due: DueCheckin[] = [];
  // Thousands of owners share a handful of zones and schedules: compute each local fact once.
  const weekByZone = new Map<string, number | null>();
  const todayByZone = new Map<string, string>();
  const momentByKey = new Map<string, DateTime | null>();
  for (const owner of owners) {
    if (!weekByZone.has(owner.zone)) weekByZone.set(owner.zone, cycleWeek(cycle, instant, owner.zone));
    const week = weekByZone.get(owner.zone)!;
    if (week === null) continue;
    if (owner.oooUntil !== null) {
      if (!todayByZone.has(owner.zone)) todayByZone.set(owner.zone, localDate(instant, owner.zone));
      if (todayByZone.get(owner.zone)! <= owner.oooUntil) continue;
    }
    const key = `${owner.zone}|${week}|${owner.schedules.map((s) => `${s.weekday}@${s.time}/${s.cadence}`).join(',')}`;
    if (!momentByKey.has(key)) momentByKey.set(key, checkinMoment(cycle, owner, week));
    const at = momentByKey.get(key)!;
    if (!at || instant < at) continue;
    if (alreadySent(owner.personId, week)) continue;
    due.push({ personId: owner.personId, week, scheduledAt: at, lateMs: instant.toMillis() - at.toMillis() });
  }
  return due;
}
