import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { PendingImport } from '../db/schema.js';

/** OKR files uploaded in Slack, waiting for the uploader's Confirm. */

export async function savePendingImport(
  db: Db,
  fileName: string,
  content: string,
  uploadedBy: string,
  now: Date,
): Promise<PendingImport> {
  const { pendingImports } = db.t;
  return (await db.first(
    db
      .insert(pendingImports)
      .values({ workspaceId: db.workspaceId, fileName, content, uploadedBy, createdAt: now.toISOString() })
      .returning(),
  ))!;
}

export async function getPendingImport(db: Db, id: number): Promise<PendingImport | undefined> {
  const { pendingImports } = db.t;
  return db.first(
    db
      .select()
      .from(pendingImports)
      .where(and(eq(pendingImports.workspaceId, db.workspaceId), eq(pendingImports.id, id))),
  );
}

/** Marks it applied; false when it already was (a double click applies once). */
export async function markImportApplied(db: Db, id: number, now: Date): Promise<boolean> {
  const { pendingImports } = db.t;
  return (
    (await db.exec(
      db
        .update(pendingImports)
        .set({ appliedAt: now.toISOString() })
        .where(and(eq(pendingImports.id, id), isNull(pendingImports.appliedAt))),
    )) === 1
  );
}
