import type { Cycle } from '../db/schema.js';
import { lintOkrs, type LintFinding } from '../domain/lint.js';
import { OkrFileError, parseOkrText, type OkrDoc, type OkrDocKr } from '../okrs/format.js';
import { getCurrentCycle } from '../store/cycles.js';
import { listKrInfos } from '../store/keyResults.js';
import { exportDoc } from '../store/okrExport.js';
import { importOkrs } from '../store/okrSync.js';
import { getPersonBySlackId } from '../store/people.js';
import { isAdmin, type AppDeps } from './deps.js';

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
  /** The author saw the lint findings and saves anyway. */
  saveAnyway?: boolean;
}

export type NewKrResult =
  | { status: 'added'; cycle: Cycle; krKey: string; objectiveKey: string }
  | { status: 'lint'; findings: LintFinding[]; krKey: string }
  | { status: 'refused'; field: 'objective' | 'title' | 'new_objective'; error: string };

/** Objectives this Slack user may add a KR to: every one for admins; their own teams' for KR owners. */
export function objectivesOpenTo(deps: Pick<AppDeps, 'db' | 'admins'>, slackUserId: string): { cycle: Cycle; objectives: Array<{ key: string; title: string; team: string }>; teams: string[] } | null {
  const cycle = getCurrentCycle(deps.db);
  if (!cycle || cycle.state === 'closed') return null;
  const doc = exportDoc(deps.db, cycle);
  const admin = isAdmin(deps, slackUserId);
  const person = getPersonBySlackId(deps.db, slackUserId);
  const myTeams = new Set(person ? listKrInfos(deps.db, { cycleId: cycle.id, ownerId: person.id }).map((k) => k.teamId) : []);
  const teamNames = new Set(doc.teams.map((t) => t.name));
  const krs = listKrInfos(deps.db, { cycleId: cycle.id });
  const teamOf = new Map(krs.map((k) => [k.objectiveKey, k.teamId]));
  const objectives = doc.teams.flatMap((t) => t.objectives.map((o) => ({ key: o.id, title: o.title, team: t.name }))).filter((o) => admin || myTeams.has(teamOf.get(o.key) ?? -1));
  return { cycle, objectives, teams: admin ? [...teamNames] : [] };
}

/** The next free number after every id already used in the cycle (stopped ones included: ids are never reused). */
function nextNumber(used: string[], pattern: RegExp): number {
  return used.reduce((max, id) => Math.max(max, Number(pattern.exec(id)?.[1] ?? 0)), 0) + 1;
}

export function addKeyResult(deps: AppDeps, input: NewKrInput): NewKrResult {
  const open = objectivesOpenTo(deps, input.slackUserId);
  if (!open) return { status: 'refused', field: 'objective', error: 'There is no planned or active cycle to add key results to.' };
  const { cycle } = open;
  const doc: OkrDoc = exportDoc(deps.db, cycle);
  let objectiveKey = input.objective;
  if (input.objective.startsWith('new:')) {
    const teamName = input.objective.slice(4);
    if (!open.teams.includes(teamName)) return { status: 'refused', field: 'objective', error: 'Only okrbot admins can add an objective. Nothing was saved.' };
    const title = input.newObjectiveTitle?.trim();
    if (!title) return { status: 'refused', field: 'new_objective', error: 'Give the new objective a title.' };
    objectiveKey = `O${nextNumber(doc.teams.flatMap((t) => t.objectives.map((o) => o.id)), /O(\d+)$/)}`;
    doc.teams.find((t) => t.name === teamName)!.objectives.push({ id: objectiveKey, title, key_results: [] });
  } else if (!open.objectives.some((o) => o.key === input.objective)) {
    return { status: 'refused', field: 'objective', error: `You can add key results to your own teams' objectives only (admins: any). Nothing was saved.` };
  }
  const objective = doc.teams.flatMap((t) => t.objectives).find((o) => o.id === objectiveKey)!;
  const krKey = `${objectiveKey}-KR${nextNumber(objective.key_results.map((k) => k.id), /-KR(\d+)$/)}`;
  const kr: OkrDocKr = {
    id: krKey,
    title: input.title.trim(),
    owner: input.ownerSlackId,
    baseline: input.baseline ?? undefined,
    target: input.target ?? undefined,
    ...(input.unit?.trim() && { unit: input.unit.trim() }),
  };
  objective.key_results.push(kr);

  let validated: OkrDoc;
  try {
    validated = parseOkrText('slack.json', JSON.stringify(doc));
  } catch (e) {
    if (!(e instanceof OkrFileError)) throw e;
    return { status: 'refused', field: 'title', error: e.problems.map((p) => p.message).join('; ') };
  }
  const findings = lintOkrs(validated.teams).filter((f) => f.id === krKey || f.id === objectiveKey);
  if (findings.length && !input.saveAnyway) return { status: 'lint', findings, krKey };
  importOkrs(deps.db, validated, { now: deps.clock() });
  deps.logger.info('key result added from Slack', { kr: krKey, by: input.slackUserId });
  return { status: 'added', cycle, krKey, objectiveKey };
}
