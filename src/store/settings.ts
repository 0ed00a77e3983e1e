import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { chartFiles, settings } from '../db/schema.js';

/** Workspace settings set in Slack, and the cache of chart images already in Slack. */

export type SettingKey = 'leadership_channel';

export function getSetting(db: Db, key: SettingKey): string | null {
  return db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value ?? null;
}

export function setSetting(db: Db, key: SettingKey, value: string, by: string | null, now: Date): void {
  const row = { key, value, updatedBy: by, updatedAt: now.toISOString() };
  db.insert(settings).values(row).onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: by, updatedAt: row.updatedAt } }).run();
}

export function uploadedChart(db: Db, sha256: string): string | null {
  return db.select({ fileId: chartFiles.fileId }).from(chartFiles).where(eq(chartFiles.sha256, sha256)).get()?.fileId ?? null;
}

export function rememberChart(db: Db, sha256: string, fileId: string, now: Date): void {
  db.insert(chartFiles).values({ sha256, fileId, uploadedAt: now.toISOString() }).onConflictDoNothing().run();
}
