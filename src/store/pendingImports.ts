import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { pendingImports, type PendingImport } from '../db/schema.js';

/** OKR files uploaded in Slack, waiting for the uploader's Confirm. */

export function savePendingImport(db: Db, fileName: string, content: string, uploadedBy: string, now: Date): PendingImport {
  return db.insert(pendingImports).values({ fileName, content, uploadedBy, createdAt: now.toISOString() }).returning().get();
}

export function getPendingImport(db: Db, id: number): PendingImport | undefined {
  return db.select().from(pendingImports).where(eq(pendingImports.id, id)).get();
}

/** Marks it applied; false when it already was (a double click applies once). */
export function markImportApplied(db: Db, id: number, now: Date): boolean {
  return db.update(pendingImports).set({ appliedAt: now.toISOString() }).where(and(eq(pendingImports.id, id), isNull(pendingImports.appliedAt))).run().changes === 1;
}
