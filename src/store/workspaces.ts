import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Workspace } from '../db/schema.js';

/**
 * The workspaces okrbot serves. Row 1 is the single-workspace install's (token from the
 * environment); each OAuth install adds or renews one row, found by its Slack team id.
 */

export const DEFAULT_WORKSPACE_ID = 1;

export interface InstallationRow {
  slackTeamId: string;
  enterpriseId: string | null;
  name: string | null;
  botUserId: string | null;
  botId: string | null;
  botTokenEncrypted: string;
  scopes: string | null;
  installedBy: string | null;
}

/** Stores an install (or a reinstall: same team, new token and scopes); returns its workspace. */
/** Whether okrbot serves this workspace: it was installed and still has a token. */
export function isInstalled(
  ws: Pick<Workspace, 'botTokenEncrypted' | 'uninstalledAt'>,
): ws is Workspace & { botTokenEncrypted: string } {
  return ws.botTokenEncrypted !== null && ws.uninstalledAt === null;
}

export async function saveInstallation(db: Db, install: InstallationRow, now: Date): Promise<Workspace> {
  const { workspaces } = db.t;
  const values = { ...install, installedAt: now.toISOString(), uninstalledAt: null };
  return (await db.first(
    db
      .insert(workspaces)
      .values(values)
      .onConflictDoUpdate({ target: workspaces.slackTeamId, set: values })
      .returning(),
  ))!;
}

export async function workspaceByTeam(db: Db, slackTeamId: string): Promise<Workspace | undefined> {
  const { workspaces } = db.t;
  return db.first(db.select().from(workspaces).where(eq(workspaces.slackTeamId, slackTeamId)));
}

export async function getWorkspace(db: Db, id: number): Promise<Workspace | undefined> {
  const { workspaces } = db.t;
  return db.first(db.select().from(workspaces).where(eq(workspaces.id, id)));
}

/** Every workspace, installed or not, oldest first (`okrbot workspaces`). */
export async function listWorkspaces(db: Db): Promise<Workspace[]> {
  const { workspaces } = db.t;
  return db.rows(db.select().from(workspaces).orderBy(asc(workspaces.id)));
}

/** Installed workspaces with a token, oldest first (what the scheduler serves in distributed mode). */
export async function listInstalledWorkspaces(db: Db): Promise<Workspace[]> {
  const { workspaces } = db.t;
  return db.rows(db.select().from(workspaces).where(isNull(workspaces.uninstalledAt)).orderBy(asc(workspaces.id)));
}

/** Uninstalled or tokens revoked: the token is deleted and nothing is sent there again. */
export async function markUninstalled(db: Db, slackTeamId: string, now: Date): Promise<boolean> {
  const { workspaces } = db.t;
  return (
    (await db.exec(
      db
        .update(workspaces)
        .set({ botTokenEncrypted: null, uninstalledAt: now.toISOString() })
        .where(and(eq(workspaces.slackTeamId, slackTeamId), isNull(workspaces.uninstalledAt))),
    )) === 1
  );
}
