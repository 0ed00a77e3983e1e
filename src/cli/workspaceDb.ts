import type { Db } from '../db/client.js';
import type { Workspace } from '../db/schema.js';
import { inWorkspace } from '../db/ops.js';
import { closeDatabase, openDatabase, type DatabaseTarget } from '../db/open.js';
import { isInstalled, listInstalledWorkspaces, listWorkspaces, workspaceByTeam } from '../store/workspaces.js';
import { UsageError } from './context.js';

/**
 * The database as a command sees it: the whole of a single-workspace install, or with
 * `--workspace T…` (a Slack team id) one workspace of a distributed one. Without `--workspace` on a
 * database that OAuth installs use, the command is refused (it would read or write the
 * single-workspace row, which no one there uses), naming the workspaces to choose from.
 */
export async function openWorkspaceDb(target: DatabaseTarget, workspace: string | undefined): Promise<Db> {
  const db = await openDatabase(target);
  try {
    if (workspace === undefined) {
      await refuseUnscopedOnHosted(db);
      return db;
    }
    return inWorkspace(db, await installedWorkspaceId(db, workspace));
  } catch (e) {
    await closeDatabase(db);
    throw e;
  }
}

async function refuseUnscopedOnHosted(db: Db): Promise<void> {
  const hosted = (await listWorkspaces(db)).filter((w) => w.slackTeamId !== null);
  if (hosted.length === 0) return;
  const installed = hosted.filter(isInstalled).map(workspaceLabel);
  throw new UsageError(
    `this database serves OAuth installs: say which workspace with --workspace T… (installed: ${installed.join(', ') || 'none'})`,
  );
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
