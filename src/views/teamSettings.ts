import { DEFAULT_ESCALATE_AFTER_WEEKS, leadsOf, TEAM_BOUNDS } from '../domain/teamSettings.js';
import type { Team } from '../db/schema.js';
import { WEEKDAYS, weekdayName } from '../domain/time.js';
import {
  actions,
  button,
  context,
  header,
  LIMITS,
  plain,
  safeText,
  section,
  type Block,
  type ModalView,
  escapeMrkdwn,
  inputBlock,
  option,
} from './blocks.js';

/** Admin part of App Home: the teams and their settings, and the settings modal. */

export const TEAM_SETTINGS_ACTION = 'home:team_settings';
export const TEAM_SETTINGS_CALLBACK = 'team_settings';
export const TEAM_FIELD = {
  name: { block: 'name', action: 'name_input' },
  channel: { block: 'channel', action: 'channel_input' },
  checkinDay: { block: 'checkin_day', action: 'checkin_day_input' },
  checkinTime: { block: 'checkin_time', action: 'checkin_time_input' },
  timezone: { block: 'timezone', action: 'timezone_input' },
  reminders: { block: 'reminders', action: 'reminders_input' },
  reminderDelay: { block: 'reminder_delay', action: 'reminder_delay_input' },
  cadence: { block: 'cadence', action: 'cadence_input' },
  escalation: { block: 'escalation', action: 'escalation_input' },
  leads: { block: 'leads', action: 'leads_input' },
} as const;

/** The escalation choices: off, or after 1…8 missed weeks. */
export const ESCALATION_OFF = 'off';

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const LEADERSHIP_CHANNEL_ACTION = 'home:leadership_channel';

/** The teams section an admin sees at the end of App Home, with the leadership channel. */
export function renderTeamsAdmin(teams: Team[], leadershipChannel: string | null = null): Block[] {
  const blocks: Block[] = [
    header('Teams (admin)'),
    section(
      leadershipChannel
        ? `*Leadership roll-up* · weekly in <#${leadershipChannel}>, after the team digests`
        : '*Leadership roll-up* · ⚠️ no channel: pick one to get the weekly roll-up',
      {
        accessory: {
          type: 'conversations_select',
          action_id: LEADERSHIP_CHANNEL_ACTION,
          placeholder: plain('Leadership channel', 150),
          filter: { include: ['public', 'private'], exclude_bot_users: true },
          ...(leadershipChannel && { initial_conversation: leadershipChannel }),
        },
      },
    ),
  ];
  for (const t of teams.slice(0, 12)) {
    const where = t.digestChannel ? `<#${t.digestChannel}>` : '⚠️ no digest channel';
    blocks.push(
      section(
        `*${safeText(t.name, 80)}* · ${where} · check-ins ${capital(weekdayName(t.checkinWeekday))} ${t.checkinTime} (${safeText(t.timezone, 60)}) · ${t.reminderCount} reminder(s)${t.checkinCadence === 'biweekly' ? ' · every two weeks' : ''}${t.escalateAfterWeeks ? ` · escalates after ${t.escalateAfterWeeks} missed` : ''}`,
        {
          accessory: button('Settings', TEAM_SETTINGS_ACTION, String(t.id)),
        },
      ),
    );
  }
  if (teams.length > 12)
    blocks.push(context(`…and ${teams.length - 12} more: \`/okr team <name> …\` changes any team.`));
  blocks.push(actions('home:teams', [button('➕ New team', TEAM_SETTINGS_ACTION, 'new')]));
  return blocks;
}

const SETTINGS_NOTE =
  'Invite okrbot to the digest channel with `/invite @okrbot`. The same settings as `/okr team <name> …` and the OKR file.';

export function renderTeamSettingsModal(team: Team | null, values: { timezone?: string } = {}): ModalView {
  const day = weekdayName(team?.checkinWeekday ?? 1);
  const dayOption = (d: string) => option(d, capital(d));
  const count = (n: number) => option(String(n), n === 0 ? 'No reminders' : `${n}`);
  const { reminderCount: range, reminderDelayHours: delay } = TEAM_BOUNDS;
  const counts = Array.from({ length: range.max - range.min + 1 }, (_, i) => range.min + i);
  const blocks: Block[] = [
    team
      ? section(`*${safeText(team.name, 80)}*`)
      : inputBlock(TEAM_FIELD.name, 'Team name', { type: 'plain_text_input', max_length: 80 }),
    inputBlock(
      TEAM_FIELD.channel,
      'Digest channel',
      {
        type: 'conversations_select',
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        ...(team?.digestChannel && { initial_conversation: team.digestChannel }),
      },
      true,
    ),
    inputBlock(TEAM_FIELD.checkinDay, 'Check-in day', {
      type: 'static_select',
      options: WEEKDAYS.map(dayOption),
      initial_option: dayOption(day),
    }),
    inputBlock(TEAM_FIELD.checkinTime, 'Check-in time (each owner’s own time zone)', {
      type: 'timepicker',
      initial_time: team?.checkinTime ?? '10:00',
    }),
    inputBlock(TEAM_FIELD.timezone, 'Team time zone', {
      type: 'plain_text_input',
      max_length: 60,
      initial_value: values.timezone ?? team?.timezone ?? 'UTC',
    }),
    inputBlock(TEAM_FIELD.reminders, 'Reminders when a check-in is missing', {
      type: 'static_select',
      options: counts.map(count),
      initial_option: count(team?.reminderCount ?? 1),
    }),
    inputBlock(TEAM_FIELD.reminderDelay, 'Hours between reminders', {
      type: 'number_input',
      is_decimal_allowed: false,
      min_value: String(delay.min),
      max_value: String(delay.max),
      initial_value: String(team?.reminderDelayHours ?? 24),
    }),
    ...followThroughInputs(team),
    context(SETTINGS_NOTE),
  ];
  return {
    type: 'modal',
    callback_id: TEAM_SETTINGS_CALLBACK,
    title: plain(team ? 'Team settings' : 'New team', LIMITS.modalTitle),
    submit: plain('Save', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify({ teamId: team?.id ?? null }),
    blocks,
  };
}

/** Cadence, escalation and leads (issue 24: fewer, better nudges). */
function followThroughInputs(team: Team | null): Block[] {
  const cadence = (c: string) => option(c, c === 'weekly' ? 'Every week' : 'Every two weeks (weeks 1, 3, 5, …)');
  const escalation = (v: string) =>
    option(v, v === ESCALATION_OFF ? 'Off' : `After ${v} missed ${v === '1' ? 'week' : 'weeks'}`);
  const { min, max } = TEAM_BOUNDS.escalateAfterWeeks;
  const weeks = Array.from({ length: max - min + 1 }, (_, i) => String(min + i));
  const leads = leadsOf(team?.leadUserIds);
  return [
    inputBlock(TEAM_FIELD.cadence, 'Check-in cadence', {
      type: 'static_select',
      options: ['weekly', 'biweekly'].map(cadence),
      initial_option: cadence(team?.checkinCadence ?? 'weekly'),
    }),
    inputBlock(TEAM_FIELD.escalation, 'Tell the team’s leads privately when someone misses check-ins', {
      type: 'static_select',
      options: [ESCALATION_OFF, ...weeks].map(escalation),
      initial_option: escalation(team?.escalateAfterWeeks ? String(team.escalateAfterWeeks) : ESCALATION_OFF),
    }),
    inputBlock(
      TEAM_FIELD.leads,
      'Team leads (they hear of escalations; none: the admins)',
      {
        type: 'multi_users_select',
        max_selected_items: TEAM_BOUNDS.leads,
        ...(leads.length && { initial_users: leads }),
      },
      true,
    ),
    context(
      `Escalation, once on, starts after ${DEFAULT_ESCALATE_AFTER_WEEKS} missed weeks unless you pick another number.`,
    ),
  ];
}

export type TeamChangeShown = 'channel' | 'schedule' | 'cadence' | 'escalate' | 'leads';

/** The reply to `/okr team <name> …`: the setting as it now stands. */
export function teamChangedText(t: Team, what: TeamChangeShown, zoneGiven?: string): string {
  const name = escapeMrkdwn(t.name);
  switch (what) {
    case 'channel':
      return `${name}'s at-risk digest will be posted in <#${t.digestChannel}>. Invite okrbot there (\`/invite @okrbot\`) if it is not a member yet.`;
    case 'schedule':
      return `${name} checks in on ${weekdayName(t.checkinWeekday)} at ${t.checkinTime}, each owner's local time${zoneGiven ? ` (team time zone ${escapeMrkdwn(zoneGiven)})` : ''}.`;
    case 'cadence':
      return t.checkinCadence === 'biweekly'
        ? `${name} checks in every two weeks (weeks 1, 3, 5, …); the digest follows. The weeks between are not counted as missing.`
        : `${name} checks in every week.`;
    case 'escalate':
      return t.escalateAfterWeeks
        ? `When an owner in ${name} misses ${t.escalateAfterWeeks} check-in ${t.escalateAfterWeeks === 1 ? 'week' : 'weeks'} in a row, ${leadsPhrase(t)} will hear of it in one private DM. Never in the channel.`
        : `Escalation is off for ${name}.`;
    case 'leads':
      return `${name}'s leads: ${leadsPhrase(t)}.`;
  }
}

const leadsPhrase = (t: Team) => {
  const leads = leadsOf(t.leadUserIds);
  return leads.length ? leads.map((u) => `<@${u}>`).join(', ') : 'the admins (no team leads set)';
};
