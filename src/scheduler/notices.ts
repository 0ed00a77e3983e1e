import type { Cycle } from '../db/schema.js';
import { postOnce } from '../services/delivery.js';
import type { AppDeps } from '../services/deps.js';
import type { OwnerWithTeams } from '../store/owners.js';
import { subjects } from '../store/deliveries.js';
import { escapeMrkdwn } from '../views/blocks.js';
import { workspaceAdmins } from '../services/admins.js';

/** One-off messages: the silence notice in team channels, and alerts to admins. */

export async function postSilenceNotice(deps: AppDeps, cycle: Cycle, owner: OwnerWithTeams, week: number): Promise<void> {
  const name = escapeMrkdwn(owner.person.name ?? owner.person.email ?? owner.person.slackUserId ?? 'an owner');
  for (const team of owner.teams) {
    if (!team.digestChannel) continue;
    const channel = team.digestChannel;
    await postOnce(deps, { purpose: 'silence-notice', subject: subjects.silenceNotice(cycle.id, owner.person.id, week, team.id), cycleId: cycle.id, week, personId: owner.person.id, teamId: team.id }, { channel }, () => ({
      text: `okrbot has paused weekly check-in DMs to ${name} after 3 weeks without an answer. They resume as soon as ${name} checks in (\`/okr checkin\`) or runs \`/okr back\`.`,
    }));
  }
}

/** DMs every admin (configured or added in Slack) once per `key` (e.g. a channel the bot cannot post to). */
export async function alertAdmins(deps: AppDeps, key: string, text: string, link: { cycleId?: number; teamId?: number; week?: number } = {}): Promise<void> {
  for (const { slackUserId: admin } of await workspaceAdmins(deps)) {
    await postOnce(deps, { purpose: 'admin-alert', subject: subjects.adminAlert(key, admin), cycleId: link.cycleId ?? null, teamId: link.teamId ?? null, week: link.week ?? null }, { channel: admin }, () => ({ text }));
  }
}
