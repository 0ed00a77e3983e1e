import type { DateTime } from 'luxon';
import { isCheckinWeek, previousCheckinWeek, type Cadence } from './cadence.js';
import {
  addDays,
  cycleWeek,
  localDate,
  scheduledInstant,
  toDateTime,
  wallClock,
  weekCount,
  type CycleDates,
  type Instant,
} from './time.js';

/**
 * When the rhythm's other moments fall: digests, reminders, quiet hours, mid-cycle, cycle end.
 * Pure functions of settings and an explicit instant, like the rest of the domain.
 */

export interface TeamTimes {
  checkinWeekday: number;
  checkinTime: string;
  digestWeekday: number | null;
  digestTime: string;
  timezone: string;
  quietEnd: string; // DMs allowed from…
  quietStart: string; // …until
  /** A biweekly team has no check-in, and so no digest, in weeks 2, 4, 6, … */
  checkinCadence?: Cadence;
}

const at = wallClock;

/** Default digest day: the day after check-ins. */
export function digestWeekday(team: Pick<TeamTimes, 'checkinWeekday' | 'digestWeekday'>): number {
  return team.digestWeekday ?? (team.checkinWeekday % 7) + 1;
}

/** The team's digest for a week: the first digest weekday/time after that week's check-in moment. */
export function digestMoment(cycle: CycleDates, week: number, team: TeamTimes): DateTime | null {
  if (!isCheckinWeek(team.checkinCadence, week)) return null;
  const checkin = scheduledInstant(cycle, week, team.checkinWeekday, team.checkinTime, team.timezone);
  if (!checkin) return null;
  const offset = (digestWeekday(team) - checkin.weekday + 7) % 7;
  const candidate = at(addDays(checkin.toISODate()!, offset), team.digestTime, team.timezone);
  return candidate > checkin
    ? candidate
    : at(addDays(checkin.toISODate()!, offset + 7), team.digestTime, team.timezone);
}

/**
 * The week whose digest is due at `now`: the latest week whose digest moment has passed. An
 * older week that was missed (an outage) is superseded, never posted late.
 */
export function dueDigestWeek(cycle: CycleDates, team: TeamTimes, now: Instant): { week: number; at: DateTime } | null {
  const t = toDateTime(now);
  const count = weekCount(cycle);
  // A week's digest falls within 7 days of its check-in, so only the week containing `now` (as
  // seen by the team) and the one before can be the latest due.
  const current = cycleWeek(cycle, t, team.timezone) ?? (localDate(t, team.timezone) < cycle.startDate ? 0 : count + 1);
  for (let week = Math.min(current, count); week >= Math.max(1, current - 2); week--) {
    const m = digestMoment(cycle, week, team);
    if (m && m <= t) return { week, at: m };
  }
  return null;
}

/**
 * The week whose leadership roll-up is due: once every team's digest for a week is due (the
 * roll-up follows the last team's digest), until the first team's next digest is. A week missed
 * in an outage is superseded, like a digest, never posted late.
 */
export function dueRollupWeek(cycle: CycleDates, teams: TeamTimes[], now: Instant): number | null {
  if (teams.length === 0) return null;
  const due = teams.map((t) => ({ team: t, week: dueDigestWeek(cycle, t, now)?.week ?? 0 }));
  const week = Math.max(...due.map((d) => d.week));
  // A biweekly team has no digest in the weeks between its check-ins: only teams with one that week wait.
  const waiting = due.filter((d) => isCheckinWeek(d.team.checkinCadence, week) && d.week !== week);
  return week >= 1 && waiting.length === 0 ? week : null;
}

export function isQuiet(instant: Instant, zone: string, quietEnd: string, quietStart: string): boolean {
  const clock = toDateTime(instant, zone).toFormat('HH:mm');
  return clock < quietEnd || clock >= quietStart;
}

/** The instant itself when DMs are allowed then, else the next local quietEnd. */
export function nextAllowed(instant: Instant, zone: string, quietEnd: string, quietStart: string): DateTime {
  const local = toDateTime(instant, zone);
  if (!isQuiet(local, zone, quietEnd, quietStart)) return local;
  const day = local.toISODate()!;
  const sameDay = at(day, quietEnd, zone);
  return local < sameDay ? sameDay : at(addDays(day, 1), quietEnd, zone);
}

/** When reminder n (1-based) after a check-in DM sent at `sentAt` may go out, quiet hours respected. */
export function reminderMoment(
  sentAt: Instant,
  n: number,
  delayHours: number,
  zone: string,
  quietEnd: string,
  quietStart: string,
): DateTime {
  return nextAllowed(toDateTime(sentAt).plus({ hours: delayHours * n }), zone, quietEnd, quietStart);
}

/** Mid-cycle prompt: the mid-cycle date at the team's digest time. */
export function midcycleMoment(cycle: CycleDates & { midDate: string }, team: TeamTimes): DateTime {
  return at(cycle.midDate, team.digestTime, team.timezone);
}

/** Grading DM: the cycle's end date at the team's check-in time, in the owner's zone. */
export function gradeRequestMoment(cycle: CycleDates, checkinTime: string, zone: string): DateTime {
  return at(cycle.endDate, checkinTime, zone);
}

/** Cycle summary deadline: three days after the end date, at the team's digest time. */
export const SUMMARY_GRACE_DAYS = 3;
export function summaryDeadline(cycle: CycleDates, team: TeamTimes): DateTime {
  return at(addDays(cycle.endDate, SUMMARY_GRACE_DAYS), team.digestTime, team.timezone);
}

/** Weeks in a row without an answer before okrbot stops DMing an owner. */
export const SILENCE_AFTER_WEEKS = 3;

/**
 * True when the owner gave no answer the last SILENCE_AFTER_WEEKS times they were asked before
 * `week` (three weekly asks; for a biweekly team, three asks two weeks apart), each in the weeks
 * just before with no gap longer than their cadence.
 */
export function shouldSilence(
  week: number,
  askedWeeks: ReadonlySet<number>,
  answeredWeeks: ReadonlySet<number>,
  cadence?: Cadence,
): boolean {
  let w: number | null = week;
  for (let n = 0; n < SILENCE_AFTER_WEEKS; n++) {
    w = previousCheckinWeek(cadence, w!);
    if (w === null || !askedWeeks.has(w) || answeredWeeks.has(w)) return false;
  }
  return true;
}
