import { and, asc, desc, eq, gte, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import type { Decision } from '../db/schema.js';

export interface DecisionInput {
  krId: number;
  kind: Decision['kind'];
  rationale: string;
  /** Who decided (confirmed), or for a proposal who proposed. */
  decidedBy: number | null;
  newTitle?: string | null;
  newTarget?: number | null;
  /** A proposal is logged but changes nothing until confirmed. */
  proposal?: boolean;
}

/** Applies a confirmed decision: stop marks the KR stopped; pivot may set a new title and target. */
async function applyDecision(
  tx: Db,
  d: Pick<Decision, 'krId' | 'kind' | 'newTitle' | 'newTarget'>,
  now: Date,
): Promise<void> {
  const { keyResults } = tx.t;
  const changes: Partial<typeof keyResults.$inferInsert> = {};
  if (d.kind === 'stop') Object.assign(changes, { status: 'stopped', stoppedAt: now.toISOString() });
  if (d.kind === 'pivot') {
    if (d.newTitle) changes.title = d.newTitle;
    if (d.newTarget !== null && d.newTarget !== undefined) changes.target = d.newTarget;
  }
  if (Object.keys(changes).length)
    await tx.exec(
      tx
        .update(keyResults)
        .set({ ...changes, updatedAt: now.toISOString() })
        .where(eq(keyResults.id, d.krId)),
    );
}

/** Two identical decisions on a KR within this window are one submitted twice. */
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

/**
 * Logs a mid-cycle decision with a snapshot of the KR as it was and, unless it is a proposal,
 * applies it. One transaction.
 */
export async function recordDecision(db: Db, input: DecisionInput, now: Date = new Date()): Promise<Decision> {
  const { decisions, keyResults } = db.t;
  return db.atomic(async (tx) => {
    const kr = await tx.first(tx.select().from(keyResults).where(eq(keyResults.id, input.krId)));
    if (!kr) throw new Error(`no key result ${input.krId}`);
    // The same decision submitted twice at once (a double click, a retried request) is logged once:
    // the write lock serialises the two, and the second finds the first.
    const same = (
      await tx.rows(
        tx
          .select()
          .from(decisions)
          .where(
            and(
              eq(decisions.krId, kr.id),
              eq(decisions.kind, input.kind),
              eq(decisions.rationale, input.rationale),
              eq(decisions.status, input.proposal ? 'proposed' : 'confirmed'),
              gte(decisions.decidedAt, new Date(now.getTime() - DUPLICATE_WINDOW_MS).toISOString()),
            ),
          ),
      )
    ).find((d) => (input.proposal ? d.proposedBy : d.decidedBy) === input.decidedBy);
    if (same) return same;
    const decision = (await tx.first(
      tx
        .insert(decisions)
        .values({
          krId: kr.id,
          kind: input.kind,
          status: input.proposal ? 'proposed' : 'confirmed',
          proposedBy: input.proposal ? input.decidedBy : null,
          rationale: input.rationale,
          newTitle: input.newTitle ?? null,
          newTarget: input.newTarget ?? null,
          decidedBy: input.proposal ? null : input.decidedBy,
          decidedAt: now.toISOString(),
          snapshot: JSON.stringify(kr),
        })
        .returning(),
    ))!;
    if (!input.proposal) await applyDecision(tx, decision, now);
    return decision;
  });
}

/** Confirms or rejects a proposal; null if it is no longer a proposal (already handled). */
export async function resolveProposal(
  db: Db,
  decisionId: number,
  accept: boolean,
  by: number,
  now: Date = new Date(),
): Promise<Decision | null> {
  const { decisions, keyResults } = db.t;
  return db.atomic(async (tx) => {
    const d = await tx.first(tx.select().from(decisions).where(eq(decisions.id, decisionId)));
    if (!d || d.status !== 'proposed') return null;
    const kr = await tx.first(tx.select().from(keyResults).where(eq(keyResults.id, d.krId)));
    const updated = (await tx.first(
      tx
        .update(decisions)
        .set({
          status: accept ? 'confirmed' : 'rejected',
          decidedBy: by,
          decidedAt: now.toISOString(),
          snapshot: JSON.stringify(kr),
        })
        .where(eq(decisions.id, d.id))
        .returning(),
    ))!;
    if (accept) await applyDecision(tx, updated, now);
    return updated;
  });
}

export async function getDecision(db: Db, id: number): Promise<Decision | undefined> {
  const { decisions } = db.t;
  return db.first(db.select().from(decisions).where(eq(decisions.id, id)));
}

/**
 * A KR's decisions, newest first, with who proposed (when it started as a proposal) and who decided
 * (confirmed, rejected, or decided directly). `deciderLabel` falls back to the proposer while open.
 */
export async function listDecisions(
  db: Db,
  krId: number,
): Promise<
  Array<Decision & { deciderLabel: string | null; proposerLabel: string | null; resolverLabel: string | null }>
> {
  const { decisions, people } = db.t;
  const proposer = alias(people, 'proposer');
  const resolver = alias(people, 'resolver');
  // Flat columns: drizzle reads a joined object as null when its first column is null, which
  // turned a person whose name is not stored yet into "unknown".
  const label = (name: string | null, slackUserId: string | null, email: string | null) =>
    name ?? slackUserId ?? email ?? null;
  const rows = await db.rows(
    db
      .select({
        decision: decisions,
        proposerName: proposer.name,
        proposerSlackId: proposer.slackUserId,
        proposerEmail: proposer.email,
        resolverName: resolver.name,
        resolverSlackId: resolver.slackUserId,
        resolverEmail: resolver.email,
      })
      .from(decisions)
      .leftJoin(proposer, eq(proposer.id, decisions.proposedBy))
      .leftJoin(resolver, eq(resolver.id, decisions.decidedBy))
      .where(eq(decisions.krId, krId))
      .orderBy(desc(decisions.decidedAt), asc(decisions.id)),
  );
  return rows.map((r) => {
    const proposerLabel =
      r.decision.proposedBy === null ? null : label(r.proposerName, r.proposerSlackId, r.proposerEmail);
    const resolverLabel =
      r.decision.decidedBy === null ? null : label(r.resolverName, r.resolverSlackId, r.resolverEmail);
    return { ...r.decision, proposerLabel, resolverLabel, deciderLabel: resolverLabel ?? proposerLabel };
  });
}

/** Records a grade, and the learning when one is given (an empty one leaves the earlier learning). */
export async function gradeKr(
  db: Db,
  krId: number,
  grade: number,
  gradedBy: number | null,
  now: Date = new Date(),
  learning?: string | null,
): Promise<void> {
  const { keyResults } = db.t;
  await db.exec(
    db
      .update(keyResults)
      .set({
        grade,
        gradedBy,
        gradedAt: now.toISOString(),
        updatedAt: now.toISOString(),
        ...(learning?.trim() && { learning: learning.trim() }),
      })
      .where(eq(keyResults.id, krId)),
  );
}

/** Confirmed decisions on a cycle's KRs taken between two dates (inclusive, YYYY-MM-DD, UTC). */
export async function listDecisionsTaken(
  db: Db,
  cycleId: number,
  firstDate: string,
  lastDate: string,
): Promise<Array<{ krId: number; krKey: string; kind: Decision['kind']; rationale: string }>> {
  const { decisions, keyResults } = db.t;
  return db.rows(
    db
      .select({ krId: decisions.krId, krKey: keyResults.key, kind: decisions.kind, rationale: decisions.rationale })
      .from(decisions)
      .innerJoin(keyResults, eq(keyResults.id, decisions.krId))
      .where(
        and(
          eq(keyResults.cycleId, cycleId),
          eq(decisions.status, 'confirmed'),
          gte(decisions.decidedAt, firstDate),
          lt(decisions.decidedAt, `${lastDate}T99`),
        ),
      )
      .orderBy(asc(decisions.decidedAt), asc(decisions.id)),
  );
}
