import { and, eq } from 'drizzle-orm';
import type { KeyResult } from '../db/schema.js';
import type { OkrDocKr, OkrDocObjective } from '../okrs/format.js';
import { listInitiatives, setInitiatives } from './initiatives.js';
import { fmt, type SyncRun } from './okrSyncRun.js';
import { ownerMatches, ownerString } from './people.js';

/** The objectives and KRs of an OKR file's team, synced by their stable ids (see okrSync.ts). */

/** An objective: added, or its title, team and position updated; then its KRs. */
export async function syncObjective(
  sync: SyncRun,
  teamName: string,
  teamId: number,
  o: OkrDocObjective,
  position: number,
): Promise<void> {
  const { tx, write, change, cycle } = sync;
  const { objectives } = tx.t;
  const existing = cycle
    ? await tx.first(
        tx
          .select()
          .from(objectives)
          .where(and(eq(objectives.cycleId, cycle.id), eq(objectives.key, o.id))),
      )
    : undefined;
  let objectiveId = existing?.id ?? -1;
  if (!existing) {
    change('add', `objective ${o.id}`, `${fmt(o.title)} (team ${teamName})`);
    const values = { cycleId: sync.cycleId, teamId, key: o.id, title: o.title, position };
    if (write) objectiveId = (await tx.first(tx.insert(objectives).values(values).returning()))!.id;
  } else {
    const updates: Partial<typeof objectives.$inferInsert> = {};
    if (existing.title !== o.title) {
      change('update', `objective ${o.id}`, `title ${fmt(existing.title)} → ${fmt(o.title)}`);
      updates.title = o.title;
    }
    if (existing.teamId !== teamId) {
      change('update', `objective ${o.id}`, `moves to team ${teamName}`);
      updates.teamId = teamId;
    }
    if (existing.position !== position) updates.position = position;
    if (write && Object.keys(updates).length)
      await tx.exec(tx.update(objectives).set(updates).where(eq(objectives.id, existing.id)));
  }
  for (const [ki, k] of o.key_results.entries()) await syncKr(sync, o.id, objectiveId, k, ki);
}

const linksOf = (k: OkrDocKr) => (k.initiatives ?? []).map((i) => ({ url: i.url, title: i.title ?? null }));

type KrRow = KeyResult;

const wantedOf = (k: OkrDocKr) => ({
  title: k.title,
  baseline: k.baseline ?? null,
  target: k.target ?? null,
  unit: k.unit ?? null,
  measurement: k.measurement ?? null,
  source: k.source ? JSON.stringify(k.source) : null,
});

/** A KR: added (with its linked work), or each field the file gives updated. */
async function syncKr(
  sync: SyncRun,
  objectiveKey: string,
  objectiveId: number,
  k: OkrDocKr,
  position: number,
): Promise<void> {
  const { tx, cycle } = sync;
  const { keyResults } = tx.t;
  sync.seenKrKeys.add(k.id);
  const ownerId = k.owner ? await sync.resolveOwner(k.owner) : null;
  const existing = cycle
    ? await tx.first(
        tx
          .select()
          .from(keyResults)
          .where(and(eq(keyResults.cycleId, cycle.id), eq(keyResults.key, k.id))),
      )
    : undefined;
  if (!existing) return addKr(sync, objectiveId, k, position, ownerId);
  const updates = await krUpdates(sync, existing, k, ownerId);
  if (existing.objectiveId !== objectiveId) {
    sync.change('update', k.id, `moves to objective ${objectiveKey}`);
    updates.objectiveId = objectiveId;
  }
  if (existing.position !== position) updates.position = position;
  await syncLinks(sync, existing.id, k);
  if (sync.write && Object.keys(updates).length) {
    const set = { ...updates, updatedAt: sync.now.toISOString() };
    await tx.exec(tx.update(keyResults).set(set).where(eq(keyResults.id, existing.id)));
  }
}

async function addKr(
  sync: SyncRun,
  objectiveId: number,
  k: OkrDocKr,
  position: number,
  ownerId: number | null,
): Promise<void> {
  const status = k.status ?? 'active';
  sync.change(
    'add',
    k.id,
    `${fmt(k.title)}${k.owner ? `, owner ${k.owner}` : ''}${status !== 'active' ? `, ${status}` : ''}`,
  );
  if (!sync.write) return;
  const { tx } = sync;
  const values = { objectiveId, cycleId: sync.cycleId, key: k.id, ownerId, status, position, ...wantedOf(k) };
  const added = (await tx.first(tx.insert(tx.t.keyResults).values(values).returning({ id: tx.t.keyResults.id })))!;
  if (k.initiatives?.length) await setInitiatives(tx, added.id, linksOf(k), sync.now);
}

/** What the file changes in an existing KR: its fields, its owner, its status. */
async function krUpdates(sync: SyncRun, existing: KrRow, k: OkrDocKr, ownerId: number | null): Promise<Partial<KrRow>> {
  const { tx, change, now } = sync;
  const wanted = wantedOf(k);
  const updates: Partial<KrRow> = {};
  for (const field of ['title', 'baseline', 'target', 'unit', 'measurement', 'source'] as const) {
    if (existing[field] === wanted[field]) continue;
    change('update', k.id, `${field} ${fmt(existing[field])} → ${fmt(wanted[field])}`);
    updates[field] = wanted[field] as never;
  }
  const { people } = tx.t;
  const currentOwner =
    existing.ownerId === null
      ? undefined
      : await tx.first(tx.select().from(people).where(eq(people.id, existing.ownerId)));
  if (!ownerMatches(currentOwner, k.owner)) {
    change('update', k.id, `owner ${fmt(ownerString(currentOwner))} → ${fmt(k.owner)}`);
    updates.ownerId = ownerId;
  }
  if (k.status !== undefined && k.status !== existing.status) {
    change('update', k.id, `status ${existing.status} → ${k.status}`);
    updates.status = k.status;
    updates.stoppedAt = k.status === 'stopped' ? now.toISOString() : null;
  } else if (k.status === undefined && existing.status === 'stopped') {
    change('note', k.id, 'is stopped; add "status: active" to resume it');
  }
  return updates;
}

/** Linked work: a file that lists it is the truth; one that leaves it out keeps what was linked in Slack. */
async function syncLinks(sync: SyncRun, krId: number, k: OkrDocKr): Promise<void> {
  if (k.initiatives === undefined) return;
  const wanted = linksOf(k);
  const have = (await listInitiatives(sync.tx, [krId])).get(krId) ?? [];
  const same =
    have.length === wanted.length &&
    wanted.every((w) => have.some((h) => h.url === w.url && (h.title ?? null) === w.title));
  if (same) return;
  sync.change('update', k.id, `linked work ${have.length} → ${wanted.length}`);
  if (sync.write) await setInitiatives(sync.tx, krId, wanted, sync.now);
}
