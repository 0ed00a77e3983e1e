import { DateTime, IANAZone } from 'luxon';

/**
 * The one owner of time. A cycle runs from its start date to its end date (inclusive) in whatever
 * zone the reader is in; week 1 is the first 7 local days from the start date, week 2 the next 7,
 * and so on. Every function takes the instant explicitly — nothing here reads the clock.
 */

export type Instant = Date | string | DateTime;

export interface CycleDates {
  startDate: string; // YYYY-MM-DD
  endDate: string; // YYYY-MM-DD
}

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type WeekdayName = (typeof WEEKDAYS)[number];

export function toDateTime(instant: Instant, zone = 'UTC'): DateTime {
  const dt =
    instant instanceof DateTime
      ? instant
      : instant instanceof Date
        ? DateTime.fromJSDate(instant)
        : DateTime.fromISO(instant, { setZone: true });
  if (!dt.isValid) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return dt.setZone(zone);
}

const validZones = new Map<string, boolean>();
/** Cached: Luxon's check builds an Intl formatter each time, far too slow for every owner on every tick. */
export function isValidZone(zone: string): boolean {
  let valid = validZones.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (validZones.size < 1000) validZones.set(zone, valid);
  }
  return valid;
}

/**
 * The zone a person's week is counted in — the one rule every surface uses: their own Slack zone,
 * else the zone of the team of their first key result, else UTC.
 */
export function zoneFor(personZone: string | null | undefined, teamZones: readonly string[]): string {
  if (personZone && isValidZone(personZone)) return personZone;
  return teamZones.find(isValidZone) ?? 'UTC';
}

export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid;
}

export function isClockTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** "monday" / "mon" / "1" → 1 … 7, or null. */
export function parseWeekday(value: string | number): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 7 ? value : null;
  const v = value.trim().toLowerCase();
  if (/^[1-7]$/.test(v)) return Number(v);
  const i = WEEKDAYS.findIndex((d) => v.length >= 3 && d.startsWith(v));
  return i === -1 ? null : i + 1;
}

export function weekdayName(weekday: number): WeekdayName {
  const name = WEEKDAYS[weekday - 1];
  if (!name) throw new RangeError(`weekday must be 1–7, got ${weekday}`);
  return name;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** Local calendar date of an instant in a zone (a cached Intl formatter: hot in every tick). */
export function localDate(instant: Instant, zone: string): string {
  let fmt = dateFormats.get(zone);
  if (!fmt) {
    // en-CA formats dates as YYYY-MM-DD.
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(zone, fmt);
  }
  const ms =
    instant instanceof DateTime
      ? instant.toMillis()
      : instant instanceof Date
        ? instant.getTime()
        : toDateTime(instant).toMillis();
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return fmt.format(ms);
}

// Calendar arithmetic on ISO dates is plain integer maths on UTC days: exact, and ~100× cheaper
// than building zoned DateTimes. Zones only matter when an instant meets a wall clock.
const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const fromDayNumber = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

function daysBetween(fromDate: string, toDate: string): number {
  return dayNumber(toDate) - dayNumber(fromDate);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** ISO weekday (1 = Monday) of a date. */
export function isoWeekday(date: string): number {
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
}

/** Midpoint of a cycle, rounded down to a whole day. */
export function midpointDate(startDate: string, endDate: string): string {
  return addDays(startDate, Math.floor(daysBetween(startDate, endDate) / 2));
}

export function weekCount(cycle: CycleDates): number {
  return Math.floor(daysBetween(cycle.startDate, cycle.endDate) / 7) + 1;
}

/** Week of the cycle (1-based) containing a local date, or null outside the cycle. */
export function weekOfDate(cycle: CycleDates, date: string): number | null {
  if (date < cycle.startDate || date > cycle.endDate) return null;
  return Math.floor(daysBetween(cycle.startDate, date) / 7) + 1;
}

/** The week of the mid-cycle review: the prompt, the charts' marker and the demo all use this. */
export function midCycleWeek(cycle: CycleDates & { midDate: string }): number {
  return weekOfDate(cycle, cycle.midDate) ?? Math.ceil(weekCount(cycle) / 2);
}

/** Week of the cycle for an instant as seen in a zone, or null outside the cycle. */
export function cycleWeek(cycle: CycleDates, instant: Instant, zone: string): number | null {
  return weekOfDate(cycle, localDate(instant, zone));
}

/**
 * The week a team is in now, in its own zone: "this week's digest" wherever it is previewed
 * (App Home, `/okr digest`). The posted digest is the week whose digest moment has passed
 * (domain/schedule.dueDigestWeek).
 */
export function teamWeek(cycle: CycleDates, team: { timezone: string }, instant: Instant): number | null {
  return cycleWeek(cycle, instant, team.timezone);
}

/** First and last local date of a week (clipped to the cycle end). */
export function weekDates(cycle: CycleDates, week: number): { first: string; last: string } {
  const first = addDays(cycle.startDate, (week - 1) * 7);
  const last = addDays(first, 6);
  return { first, last: last > cycle.endDate ? cycle.endDate : last };
}

/** The instant the week ends in a zone (start of the next local day after its last date). */
export function weekEndsAt(cycle: CycleDates, week: number, zone: string): DateTime {
  return wallClock(addDays(weekDates(cycle, week).last, 1), '00:00', zone);
}

/**
 * The instant, within a cycle week, at which a local weekday + HH:MM happens in a zone; null if
 * that weekday does not fall inside the week (a short last week). Local times skipped by a DST
 * switch move forward by the gap, as a wall clock would.
 */
export function scheduledInstant(
  cycle: CycleDates,
  week: number,
  weekday: number,
  time: string,
  zone: string,
): DateTime | null {
  const { first, last } = weekDates(cycle, week);
  const date = addDays(first, (weekday - isoWeekday(first) + 7) % 7);
  if (date > last) return null;
  return wallClock(date, time, zone);
}

/** "Feb 8 – Feb 14, 2027" style range for two ISO dates. */
export function formatDateRange(first: string, last: string): string {
  const a = DateTime.fromISO(first, { zone: 'UTC' });
  const b = DateTime.fromISO(last, { zone: 'UTC' });
  return `${a.toFormat(a.year === b.year ? 'LLL d' : 'LLL d, yyyy')} – ${b.toFormat('LLL d, yyyy')}`;
}

/** "Feb 8" style day for an ISO date. */
export function formatDay(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).toFormat('LLL d');
}

/** Week of the cycle around an instant as seen in UTC, clamped to the cycle (0 before it starts). */
/**
 * "The current week of the cycle" wherever a surface always shows one (scheduler look-backs, the
 * roll-up preview): 0 before the start, the week containing the local date, the last week after
 * the end. The one clamp; a person's or team's own week is cycleWeek in their zone.
 */
export function clampedWeek(cycle: CycleDates, instant: Instant, zone = 'UTC'): number {
  const date = localDate(instant, zone);
  if (date < cycle.startDate) return 0;
  return weekOfDate(cycle, date) ?? weekCount(cycle);
}

/** Weeks of the cycle that have fully passed at an instant: 0 in week 1, all of them after the end. */
export function weeksPassed(cycle: CycleDates, instant: Instant, zone = 'UTC'): number {
  const date = localDate(instant, zone);
  if (date > cycle.endDate) return weekCount(cycle);
  return Math.max(0, clampedWeek(cycle, instant, zone) - 1);
}

/** The local date where the day starts first (UTC+14): nothing is due anywhere before it. */
export function earliestLocalDate(instant: Instant): string {
  return localDate(instant, 'Pacific/Kiritimati');
}

const wallClockCache = new Map<string, DateTime>();
/** The instant a local date and HH:MM occur in a zone (skipped DST times move forward). Memoised. */
export function wallClock(date: string, time: string, zone: string): DateTime {
  const key = `${date}T${time}@${zone}`;
  let dt = wallClockCache.get(key);
  if (!dt) {
    const [y, m, d] = date.split('-').map(Number);
    const [hour, minute] = time.split(':').map(Number);
    dt = DateTime.fromObject({ year: y, month: m, day: d, hour, minute }, { zone });
    if (wallClockCache.size > 50_000) wallClockCache.clear();
    wallClockCache.set(key, dt);
  }
  return dt;
}
