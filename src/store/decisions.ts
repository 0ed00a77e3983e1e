import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { decisions, keyResults, people, type Decision } from '../db/schema.js';

export interface DecisionInput {
  krId: number;
  kind: Decision['kind'];
  rationale: string;
  decidedBy: number | null;
  newTitle?: string | null;
  newTarget?: number | null;
}

/**
 * Logs a mid-cycle decision with a snapshot of the KR as it was, and applies it: stop marks the
 * KR stopped; pivot may set a new title and target. One transaction.
 */
export function recordDecision(db: Db, input: DecisionInput, now: Date = new Date()): Decision {
  return db.transaction((tx) => {
    const kr = tx.select().from(keyResults).where(eq(keyResults.id, input.krId)).get();
    if (!kr) throw new Error(`no key result ${input.krId}`);
    const decision = tx
      .insert(decisions)
      .values({
        krId: kr.id,
        kind: input.kind,
        rationale: input.rationale,
        newTitle: input.newTitle ?? null,
        newTarget: input.newTarget ?? null,
        decidedBy: input.decidedBy,
        decidedAt: now.toISOString(),
        snapshot: JSON.stringify(kr),
      })
      .returning()
      .get();
    const changes: Partial<typeof keyResults.$inferInsert> = {};
    if (input.kind === 'stop') changes.status = 'stopped';
    if (input.kind === 'pivot') {
      if (input.newTitle) changes.title = input.newTitle;
      if (input.newTarget !== undefined && input.newTarget !== null) changes.target = input.newTarget;
    }
    if (Object.keys(changes).length) tx.update(keyResults).set({ ...changes, updatedAt: now.toISOString() }).where(eq(keyResults.id, kr.id)).run();
    return decision;
  });
}

export function listDecisions(db: Db, krId: number): Array<Decision & { deciderLabel: string | null }> {
  return db
    .select({ decision: decisions, name: people.name, slackUserId: people.slackUserId, email: people.email })
    .from(decisions)
    .leftJoin(people, eq(decisions.decidedBy, people.id))
    .where(eq(decisions.krId, krId))
    .orderBy(desc(decisions.decidedAt), asc(decisions.id))
    .all()
    .map((r) => ({ ...r.decision, deciderLabel: r.name ?? r.slackUserId ?? r.email ?? null }));
}

export function gradeKr(db: Db, krId: number, grade: number, gradedBy: number | null, now: Date = new Date()): void {
  db.update(keyResults).set({ grade, gradedBy, gradedAt: now.toISOString(), updatedAt: now.toISOString() }).where(eq(keyResults.id, krId)).run();
}
