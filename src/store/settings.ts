import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/** Workspace settings set in Slack, and the cache of chart images already in Slack. */

/** `away_statuses`: the Slack status emoji and words that mean "away" (domain/away.ts), one per line. */
export type SettingKey = 'leadership_channel' | 'away_statuses';

export async function getSetting(db: Db, key: SettingKey): Promise<string | null> {
  const { settings } = db.t;
  return (
    (
      await db.first(
        db
          .select({ value: settings.value })
          .from(settings)
          .where(and(eq(settings.workspaceId, db.workspaceId), eq(settings.key, key))),
      )
    )?.value ?? null
  );
}

export async function setSetting(db: Db, key: SettingKey, value: string, by: string | null, now: Date): Promise<void> {
  const { settings } = db.t;
  const row = { workspaceId: db.workspaceId, key, value, updatedBy: by, updatedAt: now.toISOString() };
  await db.exec(
    db
      .insert(settings)
      .values(row)
      .onConflictDoUpdate({
        target: [settings.workspaceId, settings.key],
        set: { value, updatedBy: by, updatedAt: row.updatedAt },
      }),
  );
}

export async function uploadedChart(db: Db, sha256: string): Promise<string | null> {
  const { chartFiles } = db.t;
  return (
    (
      await db.first(
        db
          .select({ fileId: chartFiles.fileId })
          .from(chartFiles)
          .where(and(eq(chartFiles.workspaceId, db.workspaceId), eq(chartFiles.sha256, sha256))),
      )
    )?.fileId ?? null
  );
}

export async function rememberChart(db: Db, sha256: string, fileId: string, now: Date): Promise<void> {
  const { chartFiles } = db.t;
  await db.exec(
    db
      .insert(chartFiles)
      .values({ workspaceId: db.workspaceId, sha256, fileId, uploadedAt: now.toISOString() })
      .onConflictDoNothing(),
  );
}
