import { and, asc, eq, inArray, notInArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { initiatives, type Initiative } from '../db/schema.js';
import { prepared } from './prepared.js';

/** Work linked to KRs (one row per KR and URL). */

/** Links a URL to a KR; linking it again only updates a title given now. */
export function linkInitiative(db: Db, krId: number, url: string, title: string | null, addedBy: number | null, now: Date): { created: boolean } {
  const created = db.insert(initiatives).values({ krId, url, title, addedBy, addedAt: now.toISOString() }).onConflictDoNothing().run().changes === 1;
  if (!created && title) db.update(initiatives).set({ title }).where(and(eq(initiatives.krId, krId), eq(initiatives.url, url))).run();
  return { created };
}

export function listInitiatives(db: Db, krIds: number[]): Map<number, Initiative[]> {
  const out = new Map<number, Initiative[]>();
  if (krIds.length === 0) return out;
  for (const row of db.select().from(initiatives).where(inArray(initiatives.krId, krIds)).orderBy(asc(initiatives.id)).all()) {
    const list = out.get(row.krId);
    if (list) list.push(row);
    else out.set(row.krId, [row]);
  }
  return out;
}

/** Makes a KR's links exactly these (an import that lists them): others are removed. */
export function setInitiatives(db: Db, krId: number, wanted: Array<{ url: string; title: string | null }>, now: Date): void {
  const urls = wanted.map((w) => w.url);
  db.delete(initiatives).where(urls.length ? and(eq(initiatives.krId, krId), notInArray(initiatives.url, urls)) : eq(initiatives.krId, krId)).run();
  for (const w of wanted) {
    const existing = db.select().from(initiatives).where(and(eq(initiatives.krId, krId), eq(initiatives.url, w.url))).get();
    if (!existing) db.insert(initiatives).values({ krId, url: w.url, title: w.title, addedAt: now.toISOString() }).run();
    else if ((existing.title ?? null) !== w.title) db.update(initiatives).set({ title: w.title }).where(eq(initiatives.id, existing.id)).run();
  }
}

/** How many pieces of work are linked to each KR of a cycle (the digest shows the count). */
export function countInitiatives(db: Db, cycleId: number): Map<number, number> {
  const rows = prepared(db, 'SELECT i.kr_id AS krId, count(*) AS n FROM initiatives i JOIN key_results kr ON kr.id = i.kr_id WHERE kr.cycle_id = ? GROUP BY i.kr_id').all(cycleId) as Array<{ krId: number; n: number }>;
  return new Map(rows.map((r) => [r.krId, r.n]));
}
