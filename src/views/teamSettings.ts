import { TEAM_BOUNDS } from '../domain/teamSettings.js';
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
} as const;

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
        `*${safeText(t.name, 80)}* · ${where} · check-ins ${capital(weekdayName(t.checkinWeekday))} ${t.checkinTime} (${safeText(t.timezone, 60)}) · ${t.reminderCount} reminder(s)`,
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
    context(
      'Invite okrbot to the digest channel with `/invite @okrbot`. The same settings as `/okr team <name> …` and the OKR file.',
    ),
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
