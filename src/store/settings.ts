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

/**
 * A posted roll-up that a check-in or a decision has made out of date: one row per cycle week
 * (`rollup_stale:<cycle>:<week>`), however many changes, until the scheduler's tick redraws it.
 */
const STALE_ROLLUP = 'rollup_stale:';

export async function markRollupStale(db: Db, cycleId: number, week: number, now: Date): Promise<void> {
  await db.raw(
    `INSERT INTO settings (workspace_id, key, value, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (workspace_id, key) DO UPDATE SET updated_at = excluded.updated_at`,
    [db.workspaceId, `${STALE_ROLLUP}${cycleId}:${week}`, String(week), now.toISOString()],
  );
}

/** The roll-ups marked out of date, with when each was last marked. */
export async function listStaleRollups(db: Db): Promise<Array<{ cycleId: number; week: number; markedAt: string }>> {
  const rows = await db.raw<{ key: string; markedAt: string }>(
    `SELECT key, updated_at AS "markedAt" FROM settings WHERE workspace_id = ? AND key LIKE '${STALE_ROLLUP}%'`,
    [db.workspaceId],
  );
  return rows.map((r) => {
    const [cycleId, week] = r.key.slice(STALE_ROLLUP.length).split(':').map(Number);
    return { cycleId: cycleId!, week: week!, markedAt: r.markedAt };
  });
}

/**
 * Clears a mark once its roll-up is redrawn — unless it was marked again meanwhile (a check-in
 * during the redraw): then it stays for the next tick. A crash before this leaves the mark too.
 */
export async function clearStaleRollup(db: Db, cycleId: number, week: number, markedAt: string): Promise<void> {
  await db.raw('DELETE FROM settings WHERE workspace_id = ? AND key = ? AND updated_at = ?', [
    db.workspaceId,
    `${STALE_ROLLUP}${cycleId}:${week}`,
    markedAt,
  ]);
}
