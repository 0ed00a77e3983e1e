import type { Db } from '../db/client.js';
import { inWorkspace } from '../db/ops.js';
import { closeDatabase, openDatabase, type DatabaseTarget } from '../db/open.js';
import { listInstalledWorkspaces, workspaceByTeam } from '../store/workspaces.js';
import { UsageError } from './context.js';

/**
 * The database as a command sees it: the whole of a single-workspace install, or with
 * `--workspace T…` (a Slack team id) one workspace of a distributed one.
 */
export async function openWorkspaceDb(target: DatabaseTarget, workspace: string | undefined): Promise<Db> {
  const db = await openDatabase(target);
  if (workspace === undefined) return db;
  const ws = await workspaceByTeam(db, workspace);
  if (ws && !ws.uninstalledAt) return inWorkspace(db, ws.id);
  const installed = (await listInstalledWorkspaces(db)).flatMap((w) => (w.slackTeamId ? [`${w.slackTeamId}${w.name ? ` (${w.name})` : ''}`] : []));
  await closeDatabase(db);
  throw new UsageError(`no workspace ${workspace} is installed${installed.length ? ` (installed: ${installed.join(', ')})` : ''}`);
}
