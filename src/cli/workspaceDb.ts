import type { Db } from '../db/client.js';
import type { Workspace } from '../db/schema.js';
import { inWorkspace } from '../db/ops.js';
import { closeDatabase, openDatabase, type DatabaseTarget } from '../db/open.js';
import { isInstalled, listInstalledWorkspaces, workspaceByTeam } from '../store/workspaces.js';
import { UsageError } from './context.js';

/**
 * The database as a command sees it: the whole of a single-workspace install, or with
 * `--workspace T…` (a Slack team id) one workspace of a distributed one.
 */
export async function openWorkspaceDb(target: DatabaseTarget, workspace: string | undefined): Promise<Db> {
  const db = await openDatabase(target);
  if (workspace === undefined) return db;
  try {
    return inWorkspace(db, await installedWorkspaceId(db, workspace));
  } catch (e) {
    await closeDatabase(db);
    throw e;
  }
}

/** The id of the installed workspace of a Slack team; a usage error naming the installed ones otherwise. */
export async function installedWorkspaceId(db: Db, team: string): Promise<number> {
  const ws = await workspaceByTeam(db, team);
  if (ws && isInstalled(ws)) return ws.id;
  const installed = (await listInstalledWorkspaces(db)).flatMap((w) => (w.slackTeamId ? [workspaceLabel(w)] : []));
  throw new UsageError(
    `no workspace ${team} is installed${installed.length ? ` (installed: ${installed.join(', ')})` : ''}`,
  );
}

/** How the CLI names a workspace: its team id, and its name when Slack gave one ("T012AB3CD (Acme)"). */
export function workspaceLabel(ws: Pick<Workspace, 'slackTeamId' | 'name'>): string {
  return `${ws.slackTeamId ?? '-'}${ws.name ? ` (${ws.name})` : ''}`;
}
