import type { KrSource } from '../domain/sources.js';
import type { Cycle } from '../db/schema.js';
import { lintOkrs, type LintFinding } from '../domain/lint.js';
import { asFileWouldBe, type OkrDoc, type OkrDocKr } from '../okrs/format.js';
import { getCurrentCycle } from '../store/cycles.js';
import { recordDecision } from '../store/decisions.js';
import { getKrInfo, listKrInfos } from '../store/keyResults.js';
import { exportDoc } from '../store/okrExport.js';
import { importOkrs } from '../store/okrSync.js';
import { findPersonByOwner, getPerson, getPersonBySlackId } from '../store/people.js';
import { personForSlackUser } from './people.js';
import type { AppDeps } from './deps.js';
import { actorFor, isMemberOf, mayActOn } from './access.js';
import { adminsOnly, ownerOrAdminOnly } from '../views/access.js';

/**
 * OKRs written from Slack go through the very code a file import uses: the cycle is exported as
 * an OKR document, the change is made to that document, and the document is validated (the file
 * schema), linted (the same lint) and synced (the same sync). So a later import of an export
 * reports "no changes", and Slack can never store what a file could not.
 */

export interface NewKrInput {
  slackUserId: string;
  /** An existing objective's id, or `new:<team name>` for a new objective in that team. */
  objective: string;
  newObjectiveTitle?: string | null;
  title: string;
  ownerSlackId: string;
  baseline?: number | null;
  target?: number | null;
  unit?: string | null;
  measurement?: string | null;
  source?: KrSource | null;
  /** The author saw the lint findings and saves anyway. */
  saveAnyway?: boolean;
}

export type NewKrResult =
  | { status: 'added'; cycle: Cycle; krKey: string; objectiveKey: string }
  | { status: 'lint'; findings: LintFinding[]; krKey: string }
  | { status: 'refused'; field: 'objective' | 'title' | 'new_objective'; error: string };

/** Objectives this Slack user may add a KR to: every one for admins; their own teams' for KR owners. */
export async function objectivesOpenTo(
  deps: Pick<AppDeps, 'db' | 'admins'>,
  slackUserId: string,
): Promise<{ cycle: Cycle; objectives: Array<{ key: string; title: string; team: string }>; teams: string[] } | null> {
  const cycle = await getCurrentCycle(deps.db);
  if (!cycle || cycle.state === 'closed') return null;
  const doc = await exportDoc(deps.db, cycle);
  const actor = await actorFor(deps, slackUserId, cycle.id);
  const krs = await listKrInfos(deps.db, { cycleId: cycle.id });
  const teamNames = new Set(doc.teams.map((t) => t.name));
  const teamOf = new Map(krs.map((k) => [k.objectiveKey, k.teamId]));
  const objectives = doc.teams
    .flatMap((t) => t.objectives.map((o) => ({ key: o.id, title: o.title, team: t.name })))
    .filter((o) => isMemberOf(actor, teamOf.get(o.key) ?? -1));
  return { cycle, objectives, teams: actor.admin ? [...teamNames] : [] };
}

/** The next free number after every id already used in the cycle (stopped ones included: ids are never reused). */
function nextNumber(used: string[], pattern: RegExp): number {
  return used.reduce((max, id) => Math.max(max, Number(pattern.exec(id)?.[1] ?? 0)), 0) + 1;
}

/**
 * Adds a KR (and maybe an objective) from Slack. The cycle is read, changed and written back in one
 * transaction, so two saves at once (two people, two replicas) never take the same new id or undo
 * each other: the second waits (SQLite's write lock) or is retried (PostgreSQL, serializable).
 */
export async function addKeyResult(deps: AppDeps, input: NewKrInput): Promise<NewKrResult> {
  return deps.db.atomic((tx) => addKeyResultIn({ ...deps, db: tx }, input));
}

async function addKeyResultIn(deps: AppDeps, input: NewKrInput): Promise<NewKrResult> {
  const open = await objectivesOpenTo(deps, input.slackUserId);
  if (!open)
    return {
      status: 'refused',
      field: 'objective',
      error: 'There is no planned or active cycle to add key results to.',
    };
  const { cycle } = open;
  const doc: OkrDoc = await exportDoc(deps.db, cycle);
  let objectiveKey = input.objective;
  if (input.objective.startsWith('new:')) {
    const teamName = input.objective.slice(4);
    if (!open.teams.includes(teamName))
      return { status: 'refused', field: 'objective', error: adminsOnly('add an objective', 'Nothing was saved.') };
    const title = input.newObjectiveTitle?.trim();
    if (!title) return { status: 'refused', field: 'new_objective', error: 'Give the new objective a title.' };
    objectiveKey = `O${nextNumber(
      doc.teams.flatMap((t) => t.objectives.map((o) => o.id)),
      /O(\d+)$/,
    )}`;
    doc.teams.find((t) => t.name === teamName)!.objectives.push({ id: objectiveKey, title, key_results: [] });
  } else if (!open.objectives.some((o) => o.key === input.objective)) {
    return {
      status: 'refused',
      field: 'objective',
      error: `You can add key results to your own teams' objectives only (admins: any). Nothing was saved.`,
    };
  }
  const objective = doc.teams.flatMap((t) => t.objectives).find((o) => o.id === objectiveKey)!;
  const krKey = `${objectiveKey}-KR${nextNumber(
    objective.key_results.map((k) => k.id),
    /-KR(\d+)$/,
  )}`;
  const kr: OkrDocKr = {
    id: krKey,
    title: input.title.trim(),
    owner: input.ownerSlackId,
    baseline: input.baseline ?? undefined,
    target: input.target ?? undefined,
    ...(input.unit?.trim() && { unit: input.unit.trim() }),
    ...(input.measurement?.trim() && { measurement: input.measurement.trim() }),
    ...(input.source && { source: input.source }),
  };
  objective.key_results.push(kr);

  const checked = asFileWouldBe(doc);
  if (!checked.ok) return { status: 'refused', field: 'title', error: checked.error };
  const validated = checked.doc;
  const findings = lintOkrs(validated.teams).filter((f) => f.id === krKey || f.id === objectiveKey);
  if (findings.length && !input.saveAnyway) return { status: 'lint', findings, krKey };
  await importOkrs(deps.db, validated, { now: deps.clock() });
  deps.logger.info('key result added from Slack', { kr: krKey, by: input.slackUserId });
  return { status: 'added', cycle, krKey, objectiveKey };
}

export interface EditKrInput {
  slackUserId: string;
  krKey: string;
  title: string;
  ownerSlackId: string;
  baseline: number | null;
  target: number | null;
  unit: string | null;
  measurement?: string | null;
  source?: KrSource | null;
  status: 'active' | 'paused' | 'stopped';
  /** Why — required for a material change once the cycle has started. */
  reason?: string | null;
  saveAnyway?: boolean;
}

export type EditKrResult =
  | { status: 'saved'; cycle: Cycle; changed: string[]; logged: boolean }
  | { status: 'lint'; findings: LintFinding[] }
  | { status: 'refused'; field: 'title' | 'reason' | 'owner'; error: string };

/** Who may edit a KR: its owner or an admin. The KR as the form shows it, or why not. */
export async function editableKr(deps: Pick<AppDeps, 'db' | 'admins'>, slackUserId: string, krKey: string) {
  const cycle = await getCurrentCycle(deps.db);
  if (!cycle || cycle.state === 'closed') return { ok: false as const, error: 'There is no planned or active cycle.' };
  const kr = await getKrInfo(deps.db, cycle.id, krKey);
  if (!kr) return { ok: false as const, error: `No key result ${krKey} in ${cycle.name}.` };
  if (!(await mayActOn(deps, slackUserId, kr)))
    return { ok: false as const, error: `${ownerOrAdminOnly(krKey, 'edit it')} Nothing was changed.` };
  // `/okr show` asks this on every read: one KR and one person, not the whole cycle.
  const ownerSlackId =
    kr.ownerId === null ? undefined : ((await getPerson(deps.db, kr.ownerId))?.slackUserId ?? undefined);
  return { ok: true as const, cycle, kr, ownerSlackId };
}

/**
 * A material change once the cycle runs goes in the decision log. The decider is recorded even
 * when they own no KR (an admin): the log never says "unknown" for someone okrbot knows.
 */
async function logChange(
  deps: AppDeps,
  input: EditKrInput,
  krId: number,
  reason: string,
  changed: string[],
  before: OkrDocKr,
  after: OkrDocKr,
): Promise<void> {
  const by = await personForSlackUser(deps.db, input.slackUserId);
  const what = await Promise.all(
    changed.map(async (f) =>
      f === 'owner' ? `owner ${await ownerName(deps, before.owner)} → ${await ownerName(deps, after.owner)}` : f,
    ),
  );
  const change = {
    krId,
    kind: 'change' as const,
    rationale: `${reason} (changed: ${what.join(', ')})`,
    decidedBy: by.id,
    newTitle: changed.includes('title') ? after.title : null,
    newTarget: changed.includes('target') ? (after.target ?? null) : null,
  };
  await recordDecision(deps.db, change, deps.clock());
}

/** How an owner (a Slack id or an email, as in the OKR file) is named in the decision log. */
async function ownerName(deps: AppDeps, owner: string | undefined): Promise<string> {
  if (!owner) return 'nobody';
  const person = await findPersonByOwner(deps.db, owner);
  return person?.name ?? person?.email ?? owner;
}

/** The KRs someone owns in the current (planned or active) cycle: what App Home's "Edit a KR" offers. */
export async function krsToEdit(deps: Pick<AppDeps, 'db'>, slackUserId: string) {
  const person = await getPersonBySlackId(deps.db, slackUserId);
  const cycle = await getCurrentCycle(deps.db);
  return person && cycle ? listKrInfos(deps.db, { cycleId: cycle.id, ownerId: person.id }) : [];
}

/** Material changes (the framework asks that they be logged once the cycle runs). */
const MATERIAL: Array<keyof OkrDocKr> = ['title', 'target', 'baseline', 'owner'];

/** Edits a KR from Slack: read, change, log and write back in one transaction (see addKeyResult). */
export async function editKeyResult(deps: AppDeps, input: EditKrInput): Promise<EditKrResult> {
  return deps.db.atomic((tx) => editKeyResultIn({ ...deps, db: tx }, input));
}

async function editKeyResultIn(deps: AppDeps, input: EditKrInput): Promise<EditKrResult> {
  const may = await editableKr(deps, input.slackUserId, input.krKey);
  if (!may.ok) return { status: 'refused', field: 'title', error: may.error };
  const { cycle } = may;
  const doc = await exportDoc(deps.db, cycle);
  const entry = doc.teams.flatMap((t) => t.objectives.flatMap((o) => o.key_results)).find((k) => k.id === input.krKey)!;
  const before = { ...entry };
  Object.assign(entry, {
    title: input.title.trim(),
    // The same human chosen again (perhaps known by email so far) is no change of owner.
    owner:
      input.ownerSlackId === may.ownerSlackId ||
      (await getPersonBySlackId(deps.db, input.ownerSlackId))?.id === may.kr.ownerId
        ? before.owner
        : input.ownerSlackId,
    baseline: input.baseline ?? undefined,
    target: input.target ?? undefined,
    unit: input.unit?.trim() || undefined,
    measurement: input.measurement?.trim() || undefined,
    source: input.source ?? undefined,
    status: input.status,
  });
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const changed = (['title', 'owner', 'baseline', 'target', 'unit', 'measurement', 'source', 'status'] as const).filter(
    (f) => !same(before[f], entry[f]),
  );
  if (changed.length === 0) return { status: 'saved', cycle, changed, logged: false };
  const material =
    changed.some((f) => MATERIAL.includes(f)) || (changed.includes('status') && input.status === 'stopped');
  const mustLog = material && cycle.state === 'active';
  const reason = input.reason?.trim();
  if (mustLog && !reason)
    return {
      status: 'refused',
      field: 'reason',
      error:
        'Say why: once the cycle has started, a change to the title, target, baseline, owner or a stop goes in the decision log.',
    };

  const checked = asFileWouldBe(doc);
  if (!checked.ok) return { status: 'refused', field: 'title', error: checked.error };
  const validated = checked.doc;
  const findings = lintOkrs(validated.teams).filter((f) => f.id === input.krKey);
  if (
    findings.length &&
    !input.saveAnyway &&
    changed.some((f) => f === 'title' || f === 'measurement' || f === 'baseline' || f === 'target')
  )
    return { status: 'lint', findings };
  // Logged first, so the snapshot is the KR as it was before the change.
  if (mustLog) await logChange(deps, input, may.kr.id, reason!, changed, before, entry);
  await importOkrs(deps.db, validated, { now: deps.clock() });
  deps.logger.info('key result edited from Slack', { kr: input.krKey, changed, by: input.slackUserId });
  return { status: 'saved', cycle, changed, logged: mustLog };
}

/**
 * Whether a change to a KR would pass the OKR file's validation (a mid-cycle pivot's new title or
 * target is checked here before it is logged): the problem, or null when it would.
 */
export async function krChangeProblem(
  deps: Pick<AppDeps, 'db'>,
  cycle: Cycle,
  krKey: string,
  changes: Partial<Pick<OkrDocKr, 'title' | 'target'>>,
): Promise<string | null> {
  const doc = await exportDoc(deps.db, cycle);
  const entry = doc.teams.flatMap((t) => t.objectives.flatMap((o) => o.key_results)).find((k) => k.id === krKey);
  if (!entry) return `No key result ${krKey}.`;
  Object.assign(entry, changes);
  const checked = asFileWouldBe(doc);
  return checked.ok ? null : checked.error;
}
