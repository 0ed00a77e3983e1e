import type { Team } from '../db/schema.js';
import { isClockTime, isValidZone, WEEKDAYS } from '../domain/time.js';
import { createTeam, getTeam, getTeamByName, updateTeam } from '../store/teams.js';
import type { AppDeps } from './deps.js';
import { isAdmin } from './admins.js';

/** Team settings from App Home (admins): the same checks as `/okr team … schedule` and the OKR file. */

export interface TeamSettingsInput {
  slackUserId: string;
  /** null: a new team. */
  teamId: number | null;
  name?: string | null;
  channel?: string | null;
  checkinDay: string;
  checkinTime: string;
  timezone: string;
  reminderCount: number;
  reminderDelayHours: number;
}

export type TeamSettingsResult = { ok: true; team: Team; created: boolean } | { ok: false; field: 'name' | 'checkin_day' | 'checkin_time' | 'timezone' | 'reminders' | 'reminder_delay'; error: string };

export async function saveTeamSettings(deps: AppDeps, input: TeamSettingsInput): Promise<TeamSettingsResult> {
  if (!(await isAdmin(deps, input.slackUserId))) return { ok: false, field: 'name', error: 'Only okrbot admins (`/okr admins` lists them) can change team settings. Nothing was changed.' };
  const weekday = WEEKDAYS.indexOf(input.checkinDay as (typeof WEEKDAYS)[number]) + 1;
  if (weekday < 1) return { ok: false, field: 'checkin_day', error: 'Choose a weekday.' };
  if (!isClockTime(input.checkinTime)) return { ok: false, field: 'checkin_time', error: `"${input.checkinTime}" is not a time HH:MM.` };
  if (!isValidZone(input.timezone)) return { ok: false, field: 'timezone', error: `"${input.timezone}" is not a time zone (like Europe/Berlin or America/New_York).` };
  if (!Number.isInteger(input.reminderCount) || input.reminderCount < 0 || input.reminderCount > 3) return { ok: false, field: 'reminders', error: 'Reminders: 0 to 3.' };
  if (!Number.isInteger(input.reminderDelayHours) || input.reminderDelayHours < 1 || input.reminderDelayHours > 72) return { ok: false, field: 'reminder_delay', error: 'Hours between reminders: 1 to 72.' };
  const settings = {
    digestChannel: input.channel || null,
    checkinWeekday: weekday,
    checkinTime: input.checkinTime,
    timezone: input.timezone,
    reminderCount: input.reminderCount,
    reminderDelayHours: input.reminderDelayHours,
  };
  if (input.teamId === null) {
    const name = input.name?.trim();
    if (!name) return { ok: false, field: 'name', error: 'Name the team.' };
    if (name.length > 80) return { ok: false, field: 'name', error: 'At most 80 characters.' };
    if (await getTeamByName(deps.db, name)) return { ok: false, field: 'name', error: `There is already a team named "${name}".` };
    return { ok: true, team: await createTeam(deps.db, { name, ...settings }), created: true };
  }
  if (!await getTeam(deps.db, input.teamId)) return { ok: false, field: 'name', error: 'That team no longer exists.' };
  await updateTeam(deps.db, input.teamId, settings);
  return { ok: true, team: (await getTeam(deps.db, input.teamId))!, created: false };
}
