import { and, asc, eq, inArray, notInArray } from 'drizzle-orm';
import { groupBy } from '../domain/groupBy.js';
import type { Db } from '../db/client.js';
import type { Initiative } from '../db/schema.js';

/** Work linked to KRs (one row per KR and URL). */

/** Links a URL to a KR; linking it again only updates a title given now. */
export async function linkInitiative(
  db: Db,
  krId: number,
  url: string,
  title: string | null,
  addedBy: number | null,
  now: Date,
): Promise<{ created: boolean }> {
  const { initiatives } = db.t;
  const created =
    (await db.exec(
      db.insert(initiatives).values({ krId, url, title, addedBy, addedAt: now.toISOString() }).onConflictDoNothing(),
    )) === 1;
  if (!created && title)
    await db.exec(
      db
        .update(initiatives)
        .set({ title })
        .where(and(eq(initiatives.krId, krId), eq(initiatives.url, url))),
    );
  return { created };
}

export async function listInitiatives(db: Db, krIds: number[]): Promise<Map<number, Initiative[]>> {
  const { initiatives } = db.t;
  if (krIds.length === 0) return new Map();
  const rows = await db.rows(
    db.select().from(initiatives).where(inArray(initiatives.krId, krIds)).orderBy(asc(initiatives.id)),
  );
  return groupBy(rows, (row) => row.krId);
}

/** Makes a KR's links exactly these (an import that lists them): others are removed. */
export async function setInitiatives(
  db: Db,
  krId: number,
  wanted: Array<{ url: string; title: string | null }>,
  now: Date,
): Promise<void> {
  const { initiatives } = db.t;
  const urls = wanted.map((w) => w.url);
  await db.exec(
    db
      .delete(initiatives)
      .where(
        urls.length ? and(eq(initiatives.krId, krId), notInArray(initiatives.url, urls)) : eq(initiatives.krId, krId),
      ),
  );
  for (const w of wanted) {
    const existing = await db.first(
      db
        .select()
        .from(initiatives)
        .where(and(eq(initiatives.krId, krId), eq(initiatives.url, w.url))),
    );
    if (!existing)
      await db.exec(db.insert(initiatives).values({ krId, url: w.url, title: w.title, addedAt: now.toISOString() }));
    else if ((existing.title ?? null) !== w.title)
      await db.exec(db.update(initiatives).set({ title: w.title }).where(eq(initiatives.id, existing.id)));
  }
}

/** How many pieces of work are linked to each KR of a cycle (the digest shows the count). */
export async function countInitiatives(db: Db, cycleId: number): Promise<Map<number, number>> {
  // count(*) is a bigint on PostgreSQL, which node-postgres hands over as a string: Number() it.
  const rows = await db.raw<{ krId: number; n: number | string }>(
    'SELECT i.kr_id AS "krId", count(*) AS n FROM initiatives i JOIN key_results kr ON kr.id = i.kr_id WHERE kr.cycle_id = ? GROUP BY i.kr_id',
    [cycleId],
  );
  return new Map(rows.map((r) => [r.krId, Number(r.n)]));
}
