import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  buttonPayload,
  interact,
  sendEvent,
  startHarness,
  submissionPayload,
  waitFor,
  type Harness,
} from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/** Team settings from App Home: admins only, the same checks as `/okr team`. */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const homeOf = async (user: string) => {
  const before = h.slack.callsTo('views.publish').length;
  await sendEvent(h, { type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home' });
  return JSON.stringify(
    (
      await waitFor(() =>
        h.slack
          .callsTo('views.publish')
          .slice(before)
          .find((c) => c.args.user_id === user),
      )
    ).args.view,
  );
};
async function openSettings(user: string, value: string) {
  const before = h.slack.callsTo('views.open').length;
  await interact(
    h,
    buttonPayload(user, { action_id: 'home:team_settings', value }, { type: 'view', view_id: 'VHOME' }),
  );
  return (await waitFor(() => h.slack.callsTo('views.open')[before])).args.view as Record<string, unknown>;
}
function settings(v: {
  name?: string;
  channel?: string;
  day?: string;
  time?: string;
  zone?: string;
  reminders?: string;
  delay?: string;
  cadence?: string;
  escalation?: string;
  leads?: string[];
}) {
  return {
    ...(v.name !== undefined && { name: { name_input: { type: 'plain_text_input', value: v.name } } }),
    channel: { channel_input: { type: 'conversations_select', selected_conversation: v.channel ?? null } },
    checkin_day: { checkin_day_input: { type: 'static_select', selected_option: { value: v.day ?? 'monday' } } },
    checkin_time: { checkin_time_input: { type: 'timepicker', selected_time: v.time ?? '10:00' } },
    timezone: { timezone_input: { type: 'plain_text_input', value: v.zone ?? 'UTC' } },
    reminders: { reminders_input: { type: 'static_select', selected_option: { value: v.reminders ?? '1' } } },
    reminder_delay: { reminder_delay_input: { type: 'number_input', value: v.delay ?? '24' } },
    ...(v.cadence && { cadence: { cadence_input: { type: 'static_select', selected_option: { value: v.cadence } } } }),
    ...(v.escalation && {
      escalation: { escalation_input: { type: 'static_select', selected_option: { value: v.escalation } } },
    }),
    ...(v.leads && { leads: { leads_input: { type: 'multi_users_select', selected_users: v.leads } } }),
  };
}
const save = async (user: string, view: Record<string, unknown>, v: Parameters<typeof settings>[0]) => {
  const res = await interact(h, submissionPayload(user, view, settings(v)));
  expect(res.status).toBe(200);
  return res.body ? JSON.parse(res.body) : null;
};
const team = async (name: string) => (await rowsOf(h.db, 'teams')).find((t) => t.name === name);

describe('team settings on App Home', () => {
  it('lets an admin set a team’s channel, schedule, zone and reminders, and create a team', async () => {
    const home = await homeOf(ADMIN);
    expect(home).toContain('Teams (admin)');
    expect(home).toContain('⚠️ no digest channel');
    const discovery = (await team('Discovery'))!;
    const view = await openSettings(ADMIN, String(discovery.id));
    expect(view).toMatchObject({ callback_id: 'team_settings', title: { text: 'Team settings' } });

    expect(
      await save(ADMIN, view, { channel: 'C0DISC', day: 'tuesday', time: '09:30', zone: 'Mars/Olympus' }),
    ).toMatchObject({ response_action: 'errors', errors: { timezone: expect.stringContaining('is not a time zone') } });
    expect((await team('Discovery'))!.digestChannel).toBeNull();
    expect(
      await save(ADMIN, view, {
        channel: 'C0DISC',
        day: 'tuesday',
        time: '09:30',
        zone: 'Europe/Lisbon',
        reminders: '2',
        delay: '12',
      }),
    ).toBeNull();
    expect(await team('Discovery')).toMatchObject({
      digestChannel: 'C0DISC',
      checkinWeekday: 2,
      checkinTime: '09:30',
      timezone: 'Europe/Lisbon',
      reminderCount: 2,
      reminderDelayHours: 12,
    });
    expect(await homeOf(ADMIN)).toContain('<#C0DISC>');

    const fresh = await openSettings(ADMIN, 'new');
    expect(await save(ADMIN, fresh, { name: 'Discovery', zone: 'UTC' })).toMatchObject({
      errors: { name: 'There is already a team named "Discovery".' },
    });
    expect(await save(ADMIN, fresh, { name: 'Growth', channel: 'C0GROW', zone: 'America/Chicago' })).toBeNull();
    expect(await team('Growth')).toMatchObject({ digestChannel: 'C0GROW', timezone: 'America/Chicago' });
  });

  it('sets the cadence, escalation and leads; a forged value is refused on its field and changes nothing', async () => {
    const discovery = (await team('Discovery'))!;
    const view = (await openSettings(ADMIN, String(discovery.id))) as { blocks: Array<{ block_id?: string }> };
    expect(view.blocks.map((b) => b.block_id)).toEqual(expect.arrayContaining(['cadence', 'escalation', 'leads']));
    const before = JSON.stringify(await team('Discovery'));
    expect(await save(ADMIN, view, { cadence: 'monthly' })).toMatchObject({
      errors: { cadence: '"monthly" is not a cadence (weekly or biweekly).' },
    });
    expect(await save(ADMIN, view, { escalation: '12' })).toMatchObject({
      errors: { escalation: 'Escalate after 1 to 8 missed weeks, or turn it off.' },
    });
    expect(await save(ADMIN, view, { leads: ['C0NOTAPERSON'] })).toMatchObject({
      errors: { leads: '"C0NOTAPERSON" is not a Slack user.' },
    });
    expect(JSON.stringify(await team('Discovery'))).toBe(before);
    expect(await save(ADMIN, view, { cadence: 'biweekly', escalation: '3', leads: ['U0FAY', 'U0GUS'] })).toBeNull();
    expect(await team('Discovery')).toMatchObject({
      checkinCadence: 'biweekly',
      escalateAfterWeeks: 3,
      leadUserIds: 'U0FAY,U0GUS',
    });
    expect(await homeOf(ADMIN)).toContain('every two weeks · escalates after 3 missed');
    // The form shows what is set; "off" turns escalation off again.
    const again = JSON.stringify(await openSettings(ADMIN, String(discovery.id)));
    expect(again).toContain('"initial_users":["U0FAY","U0GUS"]');
    expect(await save(ADMIN, view, { escalation: 'off', leads: [] })).toBeNull();
    expect(await team('Discovery')).toMatchObject({ escalateAfterWeeks: null, leadUserIds: null });
  });

  it('is neither shown nor allowed to anyone else', async () => {
    expect(await homeOf('U0ANA')).not.toContain('Teams (admin)');
    const refused = await openSettings('U0ANA', String((await team('Discovery'))!.id));
    expect(refused).toMatchObject({ title: { text: 'Admins only' } });
    const before = JSON.stringify(await rowsOf(h.db, 'teams'));
    const forged = await save(
      'U0ANA',
      {
        type: 'modal',
        callback_id: 'team_settings',
        private_metadata: JSON.stringify({ teamId: (await team('Discovery'))!.id }),
      },
      { channel: 'C0EVIL' },
    );
    expect(forged).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(await rowsOf(h.db, 'teams'))).toBe(before);
  });
});
