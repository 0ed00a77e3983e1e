import { ADMINS_CAN, grantAdmin, revokeAdmin, workspaceAdmins, type AdminEntry } from '../services/admins.js';
import type { AppDeps } from '../services/deps.js';
import type { Reply } from './commandReply.js';
import type { OkrCommand } from './okrCommandParser.js';

/** `/okr admins [add|remove @someone]`: who may run okrbot in this workspace. */

export async function admins(
  deps: AppDeps,
  slackUserId: string,
  cmd: Extract<OkrCommand, { kind: 'admins' }>,
): Promise<Reply> {
  if (cmd.action && cmd.user) {
    // The service's messages are our words and user mentions: nothing user-written to escape.
    const change =
      cmd.action === 'add'
        ? await grantAdmin(deps, slackUserId, cmd.user)
        : await revokeAdmin(deps, slackUserId, cmd.user);
    return { text: change.message };
  }
  return { text: adminListText(await workspaceAdmins(deps)) };
}

function source(a: AdminEntry): string {
  if (a.source !== 'added')
    return a.source === 'environment' ? "okrbot's configuration (OKR_ADMINS)" : 'installed okrbot here';
  return `added by <@${a.addedBy}> on ${a.addedAt.slice(0, 10)}`;
}

export function adminListText(list: AdminEntry[]): string {
  if (list.length === 0)
    return 'No okrbot admins yet: whoever runs okrbot names the first in OKR_ADMINS (Slack user ids).';
  return [
    `*okrbot admins here* — they ${ADMINS_CAN}:`,
    ...list.map((a) => `• <@${a.slackUserId}> — ${source(a)}`),
    'An admin adds another with `/okr admins add @someone` and removes one with `/okr admins remove @someone`.',
  ].join('\n');
}
