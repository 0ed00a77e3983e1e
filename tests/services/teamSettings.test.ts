import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOkrText, OkrFileError } from '../../src/okrs/format.js';
import { changeTeamSettings, saveTeamSettings } from '../../src/services/teamSettings.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { getTeamByName } from '../../src/store/teams.js';
import { renderTeamSettingsModal } from '../../src/views/teamSettings.js';
import { ADMIN } from '../helpers/bot.js';
import { makeStack } from '../helpers/stack.js';

/** One rule for a team's settings (domain/teamSettings): the file, App Home's form and /okr team agree. */

const example = readFileSync('examples/okrs.example.yaml', 'utf8');
const withDelay = (hours: number) =>
  example.replace('    timezone: Europe/Berlin ', `    reminder_delay_hours: ${hours}\n    timezone: Europe/Berlin `);
const form = (teamId: number, reminderDelayHours: number) => ({
  slackUserId: ADMIN,
  teamId,
  channel: 'C0NEW',
  checkinDay: 'monday',
  checkinTime: '10:00',
  timezone: 'Europe/Berlin',
  reminderCount: 1,
  reminderDelayHours,
});

describe('team settings, one rule', () => {
  it('a team imported with 96 h between reminders can still save its channel on App Home', async () => {
    const s = await makeStack();
    await importOkrs(s.deps.db, parseOkrText('x.yaml', withDelay(96)), { now: s.clock.now });
    const team = (await getTeamByName(s.deps.db, 'Discovery'))!;
    expect(team.reminderDelayHours).toBe(96);
    const r = await saveTeamSettings(s.deps, form(team.id, 96));
    expect(r).toMatchObject({ ok: true, team: { digestChannel: 'C0NEW', reminderDelayHours: 96 } });
  });

  it('169 h is refused the same way by the file and the form, and changes nothing', async () => {
    const s = await makeStack();
    expect(() => parseOkrText('x.yaml', withDelay(169))).toThrow(OkrFileError);
    try {
      parseOkrText('x.yaml', withDelay(169));
    } catch (e) {
      expect((e as OkrFileError).problems.map((p) => p.message)).toEqual([
        expect.stringContaining('reminder_delay_hours must be 1 to 168'),
      ]);
    }
    const team = (await getTeamByName(s.deps.db, 'Discovery'))!;
    expect(await saveTeamSettings(s.deps, form(team.id, 169))).toEqual({
      ok: false,
      field: 'reminder_delay',
      error: 'Hours between reminders: 1 to 168.',
    });
    expect((await getTeamByName(s.deps.db, 'Discovery'))!.reminderDelayHours).toBe(team.reminderDelayHours);
    // The form offers exactly what the rule allows.
    const delay = JSON.stringify(renderTeamSettingsModal(team).blocks);
    expect(delay).toContain('"min_value":"1","max_value":"168"');
  });

  it('/okr team reads weekdays as the form and the file do, through the same write', async () => {
    const s = await makeStack();
    for (const [day, weekday] of [
      ['tue', 2],
      ['Wednesday', 3],
      [5, 5],
    ] as const) {
      const r = await changeTeamSettings(s.deps, ADMIN, 'Discovery', { checkinDay: day, checkinTime: '09:30' });
      expect(r).toMatchObject({ ok: true, team: { checkinWeekday: weekday, checkinTime: '09:30' } });
    }
    expect(await changeTeamSettings(s.deps, ADMIN, 'Discovery', { checkinDay: 'someday' })).toEqual({
      ok: false,
      reason: 'invalid',
      error: '"someday" is not a weekday (monday … sunday).',
    });
    expect(await changeTeamSettings(s.deps, 'U0ANA', 'Discovery', { channel: 'C0X' })).toEqual({
      ok: false,
      reason: 'not_admin',
    });
    expect(await changeTeamSettings(s.deps, ADMIN, 'Nope', { channel: 'C0X' })).toEqual({
      ok: false,
      reason: 'no_such_team',
      teams: ['Discovery', 'Platform'],
    });
  });
});
