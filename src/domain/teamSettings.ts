import { CADENCES, isCadence, type Cadence } from './cadence.js';
import { isClockTime, isValidZone, parseWeekday } from './time.js';

/**
 * The one rule for a team's settings — bounds and parsing — used by the OKR file's schema,
 * `/okr team`, the App Home form (its inputs' min and max too) and the store. Pure.
 */

export const TEAM_BOUNDS = {
  reminderCount: { min: 0, max: 3 },
  /** Up to a week: a team may remind once, the same time next week. */
  reminderDelayHours: { min: 1, max: 168 },
  /** Missed check-in weeks in a row before the team's leads hear of it (when escalation is on). */
  escalateAfterWeeks: { min: 1, max: 8 },
  /** Team leads who hear of escalations. */
  leads: 5,
  nameLength: 80,
} as const;

/** Which setting a problem belongs to (a form shows it on that field). */
export type TeamSettingField =
  | 'name'
  | 'checkin_day'
  | 'checkin_time'
  | 'timezone'
  | 'reminders'
  | 'reminder_delay'
  | 'cadence'
  | 'escalation'
  | 'leads';

/** Escalation is off unless a team turns it on; this many missed weeks is the default when it does. */
export const DEFAULT_ESCALATE_AFTER_WEEKS = 2;

export interface TeamSettingsChange {
  name?: string | null;
  checkinDay?: string | number;
  checkinTime?: string;
  timezone?: string;
  reminderCount?: number;
  reminderDelayHours?: number;
  cadence?: string;
  /** Missed weeks before leads hear of it; null turns escalation off. */
  escalateAfterWeeks?: number | null;
  /** Slack user ids of the team's leads (empty: the admins hear of escalations). */
  leads?: string[];
}

export interface ValidSettings {
  name?: string;
  checkinWeekday?: number;
  checkinTime?: string;
  timezone?: string;
  reminderCount?: number;
  reminderDelayHours?: number;
  checkinCadence?: Cadence;
  escalateAfterWeeks?: number | null;
  leadUserIds?: string | null;
}

export type SettingsCheck =
  { ok: true; settings: ValidSettings } | { ok: false; field: TeamSettingField; error: string };

const between = (n: unknown, b: { min: number; max: number }) =>
  typeof n === 'number' && Number.isInteger(n) && n >= b.min && n <= b.max;

/** What each bound reads as in a message. */
export const BOUNDS_TEXT = {
  reminderCount: `${TEAM_BOUNDS.reminderCount.min} to ${TEAM_BOUNDS.reminderCount.max}`,
  reminderDelayHours: `${TEAM_BOUNDS.reminderDelayHours.min} to ${TEAM_BOUNDS.reminderDelayHours.max}`,
  escalateAfterWeeks: `${TEAM_BOUNDS.escalateAfterWeeks.min} to ${TEAM_BOUNDS.escalateAfterWeeks.max}`,
};

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** The stored form of a team's leads (null: none), and back. */
export const leadsText = (ids: readonly string[]): string | null => (ids.length ? [...new Set(ids)].join(',') : null);
export const leadsOf = (stored: string | null | undefined): string[] => (stored ? stored.split(',') : []);

/** Checks the settings given (the others are left alone); the first problem, or the parsed values. */
export function checkTeamSettings(change: TeamSettingsChange): SettingsCheck {
  const out: ValidSettings = {};
  if (change.name !== undefined) {
    const name = change.name?.trim() ?? '';
    if (!name) return { ok: false, field: 'name', error: 'Name the team.' };
    if (name.length > TEAM_BOUNDS.nameLength)
      return { ok: false, field: 'name', error: `At most ${TEAM_BOUNDS.nameLength} characters.` };
    out.name = name;
  }
  if (change.checkinDay !== undefined) {
    const day = parseWeekday(change.checkinDay);
    if (day === null)
      return {
        ok: false,
        field: 'checkin_day',
        error: `"${String(change.checkinDay)}" is not a weekday (monday … sunday).`,
      };
    out.checkinWeekday = day;
  }
  if (change.checkinTime !== undefined) {
    if (!isClockTime(change.checkinTime))
      return { ok: false, field: 'checkin_time', error: `"${change.checkinTime}" is not a time HH:MM (24h).` };
    out.checkinTime = change.checkinTime;
  }
  if (change.timezone !== undefined) {
    if (!isValidZone(change.timezone))
      return {
        ok: false,
        field: 'timezone',
        error: `"${change.timezone}" is not a time zone (like Europe/Berlin or America/New_York).`,
      };
    out.timezone = change.timezone;
  }
  if (change.reminderCount !== undefined) {
    if (!between(change.reminderCount, TEAM_BOUNDS.reminderCount))
      return { ok: false, field: 'reminders', error: `Reminders: ${BOUNDS_TEXT.reminderCount}.` };
    out.reminderCount = change.reminderCount;
  }
  if (change.reminderDelayHours !== undefined) {
    if (!between(change.reminderDelayHours, TEAM_BOUNDS.reminderDelayHours))
      return {
        ok: false,
        field: 'reminder_delay',
        error: `Hours between reminders: ${BOUNDS_TEXT.reminderDelayHours}.`,
      };
    out.reminderDelayHours = change.reminderDelayHours;
  }
  const rest = checkFollowThrough(change);
  return rest.ok ? { ok: true, settings: { ...out, ...rest.settings } } : rest;
}

/** Cadence, escalation and leads: the follow-through settings (issue 24). */
function checkFollowThrough(change: TeamSettingsChange): SettingsCheck {
  const out: ValidSettings = {};
  if (change.cadence !== undefined) {
    const cadence = change.cadence.trim().toLowerCase();
    if (!isCadence(cadence))
      return { ok: false, field: 'cadence', error: `"${change.cadence}" is not a cadence (${CADENCES.join(' or ')}).` };
    out.checkinCadence = cadence;
  }
  if (change.escalateAfterWeeks !== undefined) {
    const n = change.escalateAfterWeeks;
    if (n !== null && !between(n, TEAM_BOUNDS.escalateAfterWeeks))
      return {
        ok: false,
        field: 'escalation',
        error: `Escalate after ${BOUNDS_TEXT.escalateAfterWeeks} missed weeks, or turn it off.`,
      };
    out.escalateAfterWeeks = n;
  }
  if (change.leads !== undefined) {
    const bad = change.leads.find((id) => !SLACK_USER_ID.test(id));
    if (bad !== undefined) return { ok: false, field: 'leads', error: `"${bad}" is not a Slack user.` };
    if (new Set(change.leads).size > TEAM_BOUNDS.leads)
      return { ok: false, field: 'leads', error: `At most ${TEAM_BOUNDS.leads} leads.` };
    out.leadUserIds = leadsText(change.leads);
  }
  return { ok: true, settings: out };
}
