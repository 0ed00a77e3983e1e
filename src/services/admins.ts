import { adminsOnly } from '../views/access.js';
import { getWorkspace } from '../store/workspaces.js';
import { addAdmin, isListedAdmin, listAdmins, removeAdmin } from '../store/admins.js';
import { subjects } from '../store/deliveries.js';
import { postOnce } from './delivery.js';
import { escapeMrkdwn } from '../views/blocks.js';
import { slackErrorCode, type AppDeps } from './deps.js';

/**
 * Who may run okrbot in a workspace: OKR_ADMINS (the host's environment), whoever installed
 * okrbot there (OAuth), and those an admin added in Slack (`/okr admins add @someone`). The one
 * rule every surface asks.
 */

type AdminDeps = Pick<AppDeps, 'db' | 'admins'>;

/**
 * The admins OKR_ADMINS gives a workspace: entries `T…:U…` for that Slack team only; bare `U…`
 * entries (allowed with one workspace only, see config.ts) everywhere served. `teamId` null: the
 * single workspace, whose team the entries cannot be checked against.
 */
/** The admins of the process's own deps: the single workspace's; none with many (each has its own). */
export function baseAdmins(entries: readonly string[], distributed: boolean): Set<string> {
  return new Set(distributed ? [] : configuredAdmins(entries, null));
}

export function configuredAdmins(entries: readonly string[], teamId: string | null): string[] {
  return entries.flatMap((entry) => {
    const [team, user] = entry.includes(':') ? entry.split(':') : [null, entry];
    return team === null || teamId === null || team === teamId ? [user!] : [];
  });
}

export async function isAdmin(deps: AdminDeps, slackUserId: string): Promise<boolean> {
  return deps.admins.has(slackUserId) || (await isListedAdmin(deps.db, slackUserId));
}

export type AdminEntry =
  | { slackUserId: string; source: 'environment' | 'installer' }
  | { slackUserId: string; source: 'added'; addedBy: string; addedAt: string };

/** Every admin of this workspace, each once: the environment's and the installer first. */
export async function workspaceAdmins(deps: AdminDeps): Promise<AdminEntry[]> {
  const installer = (await getWorkspace(deps.db, deps.db.workspaceId))?.installedBy ?? null;
  const fixed = [...deps.admins].map((slackUserId): AdminEntry => ({
    slackUserId,
    source: slackUserId === installer ? 'installer' : 'environment',
  }));
  const added = (await listAdmins(deps.db))
    .filter((a) => !deps.admins.has(a.slackUserId))
    .map((a): AdminEntry => ({ ...a, source: 'added' }));
  return [...fixed, ...added];
}

export type AdminChange = { ok: true; message: string } | { ok: false; message: string };

/** What being an admin means, in every message that says so. */
export const ADMINS_CAN = "import OKRs, set teams' channels and schedules, start and close cycles, and add admins";

const refused = (message: string): AdminChange => ({ ok: false, message: `${message} Nothing was changed.` });
const ONLY_ADMINS = adminsOnly('add or remove admins', '').trim();

/** An admin makes someone else an admin: a person in this workspace, not a bot, not deactivated. */
export async function grantAdmin(deps: AppDeps, by: string, target: string): Promise<AdminChange> {
  if (!(await isAdmin(deps, by))) return refused(ONLY_ADMINS);
  if (await isAdmin(deps, target)) return refused(`<@${target}> is an admin already.`);
  const problem = await notAPerson(deps, target);
  if (problem) return refused(problem);
  const now = deps.clock();
  if (!(await addAdmin(deps.db, target, by, now))) return refused(`<@${target}> is an admin already.`);
  deps.logger.info('admin added', { admin: target, by });
  // Told once (the claim names this grant); a DM that fails is logged and does not undo the grant.
  const text = `<@${by}> made you an okrbot admin: you can ${ADMINS_CAN}. \`/okr help\` lists the commands.`;
  await postOnce(
    deps,
    {
      purpose: 'admin-alert',
      subject: subjects.adminAlert(`admin-added:${now.toISOString()}`, target),
      cycleId: null,
      teamId: null,
      week: null,
    },
    { channel: target },
    () => ({ text }),
  );
  return { ok: true, message: `<@${target}> is now an okrbot admin: they can ${ADMINS_CAN}.` };
}

/** An admin removes one added in Slack; never the last admin, nor those from the environment or the install. */
export async function revokeAdmin(deps: AppDeps, by: string, target: string): Promise<AdminChange> {
  if (!(await isAdmin(deps, by))) return refused(ONLY_ADMINS);
  const entry = (await workspaceAdmins(deps)).find((a) => a.slackUserId === target);
  if (!entry) return refused(`<@${target}> is not an okrbot admin.`);
  if (entry.source === 'environment')
    return refused(
      `<@${target}> is an admin by okrbot's configuration (OKR_ADMINS); whoever runs okrbot can change that.`,
    );
  if (entry.source === 'installer') return refused(`<@${target}> installed okrbot here and stays an admin.`);
  const outcome = await removeAdmin(deps.db, target, deps.admins.size);
  if (outcome === 'not-listed') return refused(`<@${target}> is not an okrbot admin.`);
  if (outcome === 'last') return refused(`<@${target}> is the last okrbot admin here; add another admin first.`);
  deps.logger.info('admin removed', { admin: target, by });
  return { ok: true, message: `<@${target}> is no longer an okrbot admin.` };
}

/** Why this Slack user cannot be an admin, or null. Asks Slack (users.info). */
async function notAPerson(deps: AppDeps, slackUserId: string): Promise<string | null> {
  try {
    const { user } = await deps.client.users.info({ user: slackUserId });
    if (user?.is_bot || slackUserId === 'USLACKBOT') return `<@${slackUserId}> is a bot; admins are people.`;
    if (user?.deleted) return `<@${slackUserId}> is deactivated in Slack.`;
    return null;
  } catch (e) {
    const code = slackErrorCode(e);
    if (code === 'user_not_found') return `Slack does not know <@${slackUserId}> in this workspace.`;
    deps.logger.warn('could not look up Slack user', { error: code });
    return `Could not check <@${slackUserId}> with Slack (${escapeMrkdwn(code)}); try again in a minute.`;
  }
}
