import { adminsOnly } from '../../views/access.js';
import type { App, BlockAction, ButtonAction, ConversationsSelectAction } from '@slack/bolt';
import { openView } from '../../services/delivery.js';
import type { AppDeps } from '../../services/deps.js';
import { isAdmin } from '../../services/admins.js';
import { publishHome } from '../../services/home.js';
import { saveTeamSettings, teamForSettings } from '../../services/teamSettings.js';
import { setLeadershipChannel } from '../../services/rollup.js';
import {
  ESCALATION_OFF,
  LEADERSHIP_CHANNEL_ACTION,
  renderTeamSettingsModal,
  TEAM_FIELD as T,
  TEAM_SETTINGS_ACTION,
  TEAM_SETTINGS_CALLBACK,
} from '../../views/teamSettings.js';
import { noticeModal } from '../checkinFlow.js';

/** App Home's admin section: a team's digest channel, check-in day and time, zone and reminders. */

type StateValue = {
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_conversation?: string | null;
  selected_time?: string | null;
  selected_users?: string[] | null;
};

export function registerTeamSettings(app: App, deps: AppDeps): void {
  app.action<BlockAction<ButtonAction>>(TEAM_SETTINGS_ACTION, async ({ ack, body, action }) => {
    await ack();
    if (!(await isAdmin(deps, body.user.id))) {
      await openView(deps, body.trigger_id, noticeModal('Admins only', adminsOnly('change team settings', '')));
      return;
    }
    const team = await teamForSettings(deps, action.value ?? '');
    await openView(
      deps,
      body.trigger_id,
      team === undefined ? noticeModal('Not found', 'That team no longer exists.') : renderTeamSettingsModal(team),
    );
  });

  // The leadership channel, picked on App Home: the same rule as `/okr leadership channel`.
  app.action<BlockAction<ConversationsSelectAction>>(LEADERSHIP_CHANNEL_ACTION, async ({ ack, body, action }) => {
    await ack();
    const result = await setLeadershipChannel(deps, body.user.id, action.selected_conversation ?? null);
    if (!result.ok) await openView(deps, body.trigger_id, noticeModal('Not changed', result.message));
    else deps.logger.info('leadership channel set from App Home', { channel: action.selected_conversation });
    await publishHome(deps, body.user.id);
  });

  const escalationOf = (v: string | undefined) => (!v || v === ESCALATION_OFF ? null : Number(v));

  app.view(TEAM_SETTINGS_CALLBACK, async ({ ack, body, view }) => {
    const state = view.state.values as Record<string, Record<string, StateValue>>;
    const get = (f: { block: string; action: string }) => state[f.block]?.[f.action];
    let teamId: number | null = null;
    try {
      teamId = (JSON.parse(view.private_metadata) as { teamId?: number | null }).teamId ?? null;
    } catch {
      teamId = null;
    }
    const result = await saveTeamSettings(deps, {
      slackUserId: body.user.id,
      teamId,
      name: get(T.name)?.value ?? null,
      channel: get(T.channel)?.selected_conversation ?? null,
      checkinDay: get(T.checkinDay)?.selected_option?.value ?? '',
      checkinTime: get(T.checkinTime)?.selected_time ?? '',
      timezone: (get(T.timezone)?.value ?? '').trim(),
      reminderCount: Number(get(T.reminders)?.selected_option?.value ?? NaN),
      reminderDelayHours: Number(get(T.reminderDelay)?.value ?? NaN),
      // Fields a form did not carry are left as they are.
      cadence: get(T.cadence)?.selected_option?.value,
      escalateAfterWeeks: get(T.escalation) && escalationOf(get(T.escalation)?.selected_option?.value),
      leads: get(T.leads) && (get(T.leads)?.selected_users ?? []),
    });
    if (!result.ok) {
      // A refusal that belongs to no field of this form (not an admin, a deleted team) goes on the first one.
      const block = result.field === 'name' && teamId !== null ? T.channel.block : result.field;
      await ack({ response_action: 'errors', errors: { [block]: result.error } });
      return;
    }
    await ack();
    deps.logger.info(result.created ? 'team created from App Home' : 'team settings changed from App Home', {
      teamId: result.team.id,
    });
    await publishHome(deps, body.user.id);
  });
}
