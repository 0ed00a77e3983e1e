import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/** okrbot admins added in Slack, per workspace (OKR_ADMINS and the installer are not stored here). */

export interface ListedAdmin {
  slackUserId: string;
  addedBy: string;
  addedAt: string;
}

export async function listAdmins(db: Db): Promise<ListedAdmin[]> {
  const { admins } = db.t;
  return db.rows(
    db
      .select({ slackUserId: admins.slackUserId, addedBy: admins.addedBy, addedAt: admins.addedAt })
      .from(admins)
      .where(eq(admins.workspaceId, db.workspaceId))
      .orderBy(asc(admins.addedAt), asc(admins.slackUserId)),
  );
}

export async function isListedAdmin(db: Db, slackUserId: string): Promise<boolean> {
  // Asked on every check-in (who may act): a statement prepared once.
  const rows = await db.raw('SELECT 1 AS yes FROM admins WHERE workspace_id = ? AND slack_user_id = ?', [
    db.workspaceId,
    slackUserId,
  ]);
  return rows.length > 0;
}

/** True when added; false when they were listed already (nothing changes). */
export async function addAdmin(db: Db, slackUserId: string, addedBy: string, now: Date): Promise<boolean> {
  const { admins } = db.t;
  const row = { workspaceId: db.workspaceId, slackUserId, addedBy, addedAt: now.toISOString() };
  return (await db.exec(db.insert(admins).values(row).onConflictDoNothing())) === 1;
}

/**
 * Removes a listed admin, unless they are the last admin of any kind (`adminsElsewhere`: those
 * from OKR_ADMINS and the installer). Checked and removed in one transaction, so two admins
 * removing each other at once cannot leave the workspace with none.
 */
export async function removeAdmin(
  db: Db,
  slackUserId: string,
  adminsElsewhere: number,
): Promise<'removed' | 'not-listed' | 'last'> {
  return db.atomic(async (tx) => {
    const listed = await listAdmins(tx);
    if (!listed.some((a) => a.slackUserId === slackUserId)) return 'not-listed';
    if (listed.length === 1 && adminsElsewhere === 0) return 'last';
    const { admins } = tx.t;
    await tx.exec(
      tx.delete(admins).where(and(eq(admins.workspaceId, tx.workspaceId), eq(admins.slackUserId, slackUserId))),
    );
    return 'removed';
  });
}
