import type { Team } from '../db/schema.js';
import { checkTeamSettings, type TeamSettingField, type TeamSettingsChange } from '../domain/teamSettings.js';
import { createTeam, getTeam, getTeamByName, listTeams, updateTeam } from '../store/teams.js';
import type { AppDeps } from './deps.js';
import { isAdmin } from './admins.js';
import { adminsOnly } from '../views/access.js';

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
  /** Left out: unchanged. */
  cadence?: string;
  escalateAfterWeeks?: number | null;
  leads?: string[];
}

export type TeamSettingsResult =
  { ok: true; team: Team; created: boolean } | { ok: false; field: TeamSettingField; error: string };

export async function saveTeamSettings(deps: AppDeps, input: TeamSettingsInput): Promise<TeamSettingsResult> {
  if (!(await isAdmin(deps, input.slackUserId)))
    return { ok: false, field: 'name', error: adminsOnly('change team settings') };
  const checked = checkTeamSettings({
    ...(input.teamId === null && { name: input.name ?? null }),
    checkinDay: input.checkinDay,
    checkinTime: input.checkinTime,
    timezone: input.timezone,
    reminderCount: input.reminderCount,
    reminderDelayHours: input.reminderDelayHours,
    cadence: input.cadence,
    escalateAfterWeeks: input.escalateAfterWeeks,
    leads: input.leads,
  });
  if (!checked.ok) return checked;
  const { name, ...settings } = checked.settings;
  const values = { ...settings, digestChannel: input.channel || null };
  if (input.teamId === null) {
    if (await getTeamByName(deps.db, name!))
      return { ok: false, field: 'name', error: `There is already a team named "${name}".` };
    return { ok: true, team: await createTeam(deps.db, { name: name!, ...values }), created: true };
  }
  if (!(await getTeam(deps.db, input.teamId)))
    return { ok: false, field: 'name', error: 'That team no longer exists.' };
  await updateTeam(deps.db, input.teamId, values);
  return { ok: true, team: (await getTeam(deps.db, input.teamId))!, created: false };
}

/** The team an App Home "settings" button names: null for a new one, undefined when it no longer exists. */
export async function teamForSettings(deps: Pick<AppDeps, 'db'>, value: string): Promise<Team | null | undefined> {
  return value === 'new' ? null : getTeam(deps.db, Number(value));
}

export type TeamChangeResult =
  | { ok: true; team: Team }
  | { ok: false; reason: 'not_admin' }
  | { ok: false; reason: 'no_such_team'; teams: string[] }
  | { ok: false; reason: 'invalid'; error: string };

/**
 * Some of a team's settings by its name (`/okr team <name> channel …` / `… schedule …`): the same
 * rule (domain/teamSettings) and the same write as App Home's form.
 */
export async function changeTeamSettings(
  deps: AppDeps,
  slackUserId: string,
  teamName: string,
  change: TeamSettingsChange & { channel?: string },
): Promise<TeamChangeResult> {
  if (!(await isAdmin(deps, slackUserId))) return { ok: false, reason: 'not_admin' };
  const team = await getTeamByName(deps.db, teamName);
  if (!team) return { ok: false, reason: 'no_such_team', teams: (await listTeams(deps.db)).map((t) => t.name) };
  const { channel, ...rest } = change;
  const checked = checkTeamSettings(rest);
  if (!checked.ok) return { ok: false, reason: 'invalid', error: checked.error };
  await updateTeam(deps.db, team.id, { ...checked.settings, ...(channel !== undefined && { digestChannel: channel }) });
  return { ok: true, team: (await getTeam(deps.db, team.id))! };
}
