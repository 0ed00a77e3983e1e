import { subjects } from '../store/deliveries.js';
import { workspaceAdmins } from './admins.js';
import { postOnce } from './delivery.js';
import type { AppDeps } from './deps.js';

/** DMs every admin (configured or added in Slack) once per `key` (e.g. a channel the bot cannot post to). */
export async function alertAdmins(
  deps: AppDeps,
  key: string,
  text: string,
  link: { cycleId?: number; teamId?: number; week?: number } = {},
): Promise<void> {
  for (const { slackUserId: admin } of await workspaceAdmins(deps)) {
    await postOnce(
      deps,
      {
        purpose: 'admin-alert',
        subject: subjects.adminAlert(key, admin),
        cycleId: link.cycleId ?? null,
        teamId: link.teamId ?? null,
        week: link.week ?? null,
      },
      { channel: admin },
      () => ({ text }),
    );
  }
}
