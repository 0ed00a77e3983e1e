import type { Cycle, Decision, Team } from '../db/schema.js';
import { selectMidcycle } from '../domain/midcycle.js';
import { midCycleWeek, weekOfDate } from '../domain/time.js';
import { rollupChanged } from './rollup.js';
import type { KrInfo } from '../domain/types.js';
import { listCheckins } from '../store/checkins.js';
import { getActiveCycle } from '../store/cycles.js';
import { getDecision, listDecisions, recordDecision, resolveProposal } from '../store/decisions.js';
import { subjects } from '../store/deliveries.js';
import { listKrInfos, getKrInfoById } from '../store/keyResults.js';
import { getPerson } from '../store/people.js';
import { getTeam } from '../store/teams.js';
import { renderMidcyclePrompt, renderProposalDm, renderProposalOutcome, type MidcycleData } from '../views/midcycle.js';
import { actorFor, isMemberOf, mayActOn, mayActOnKr } from './access.js';
import { ownerOrAdminOnly, teamMembersOnly } from '../views/access.js';
import { withChart } from './chartUpload.js';
import { postOnce, updatePosted, type DeliverResult } from './delivery.js';
import { teamStripChart } from './teamDigest.js';
import type { AppDeps } from './deps.js';
import { krChangeProblem } from './okrEditing.js';
import { personForSlackUser } from './people.js';

/** Mid-cycle decisions: double down, pivot or stop — proposed by the team, confirmed by owner or admin. */

export const MIDCYCLE_PURPOSE = 'midcycle';

export interface DecideInput {
  slackUserId: string;
  krId: number;
  kind: Decision['kind'];
  rationale: string;
  newTitle?: string | null;
  newTarget?: number | null;
  /** Record it as a proposal even when this person could decide (an assistant acting for them). */
  proposalOnly?: boolean;
}

export type DecideResult =
  { ok: true; decision: Decision; kr: KrInfo; cycle: Cycle; proposal: boolean } | { ok: false; error: string };

export type DecisionRights =
  { ok: true; cycle: Cycle; kr: KrInfo; proposal: boolean } | { ok: false; title: string; error: string };

/**
 * The one rule for who may decide on a KR — the buttons (before opening the modal) and every
 * submission (modal, `/okr decide`) ask it: the owner or an admin decides; another member of the
 * KR's team proposes; anyone else is refused. A stopped KR takes no more decisions.
 */
export async function decisionRights(
  deps: Pick<AppDeps, 'db' | 'admins'>,
  slackUserId: string,
  krId: number,
): Promise<DecisionRights> {
  const cycle = await getActiveCycle(deps.db);
  if (!cycle) return { ok: false, title: 'No active cycle', error: 'There is no active OKR cycle.' };
  const kr = await getKrInfoById(deps.db, cycle.id, krId);
  if (!kr) return { ok: false, title: 'Not found', error: 'That key result is not part of the active cycle.' };
  if (kr.status === 'stopped')
    return { ok: false, title: 'Already stopped', error: `${kr.key} is already stopped. Nothing was logged.` };
  const actor = await actorFor(deps, slackUserId, cycle.id);
  if (mayActOnKr(actor, kr)) return { ok: true, cycle, kr, proposal: false };
  if (isMemberOf(actor, kr.teamId)) return { ok: true, cycle, kr, proposal: true };
  return {
    ok: false,
    title: 'Not your team',
    error: `${teamMembersOnly(kr.key, 'propose a decision on it')} Only its owner or an admin can confirm one. Nothing was logged.`,
  };
}

export async function decide(deps: AppDeps, input: DecideInput): Promise<DecideResult> {
  const rationale = input.rationale.trim();
  if (!rationale) return { ok: false, error: 'Add the rationale: why this decision?' };
  if (rationale.length > 3000) return { ok: false, error: 'Keep the rationale within 3000 characters.' };
  const rights = await decisionRights(deps, input.slackUserId, input.krId);
  if (!rights.ok) return rights;
  const { cycle, kr } = rights;
  const confirmer = !rights.proposal && !input.proposalOnly;
  if (
    input.kind === 'pivot' &&
    (input.newTitle?.trim() || (input.newTarget !== null && input.newTarget !== undefined))
  ) {
    // A pivot's new title or target must be one an OKR file could hold: the same validation.
    const problem = await krChangeProblem(deps, cycle, kr.key, {
      ...(input.newTitle?.trim() && { title: input.newTitle.trim() }),
      ...(input.newTarget !== null && input.newTarget !== undefined && { target: input.newTarget }),
    });
    if (problem) return { ok: false, error: `${problem}. Nothing was logged.` };
  }
  const by = await personForSlackUser(deps.db, input.slackUserId);
  const decision = await recordDecision(
    deps.db,
    {
      krId: kr.id,
      kind: input.kind,
      rationale,
      decidedBy: by.id,
      newTitle: input.kind === 'pivot' ? input.newTitle?.trim() || null : null,
      newTarget: input.kind === 'pivot' ? (input.newTarget ?? null) : null,
      proposal: !confirmer,
    },
    deps.clock(),
  );
  deps.logger.info(confirmer ? 'decision logged' : 'decision proposed', { krId: kr.id, kind: input.kind });
  return { ok: true, decision, kr, cycle, proposal: !confirmer };
}

export type ResolveResult = { ok: true; decision: Decision; kr: KrInfo; cycle: Cycle } | { ok: false; error: string };

export async function resolve(
  deps: AppDeps,
  slackUserId: string,
  decisionId: number,
  accept: boolean,
): Promise<ResolveResult> {
  const cycle = await getActiveCycle(deps.db);
  const d = await getDecision(deps.db, decisionId);
  if (!cycle || !d) return { ok: false, error: 'That proposal no longer exists.' };
  const kr = await getKrInfoById(deps.db, cycle.id, d.krId);
  if (!kr) return { ok: false, error: 'That key result is not part of the active cycle.' };
  if (!(await mayActOn(deps, slackUserId, kr)))
    return { ok: false, error: `${ownerOrAdminOnly(kr.key, 'confirm or reject this')} Nothing was changed.` };
  const by = await personForSlackUser(deps.db, slackUserId);
  const updated = await resolveProposal(deps.db, d.id, accept, by.id, deps.clock());
  if (!updated) return { ok: false, error: `This proposal was already ${d.status}.` };
  return { ok: true, decision: updated, kr, cycle };
}

/** The team's mid-cycle prompt data: store reads in, the one selection (selectMidcycle) out. */
export async function midcycleData(deps: Pick<AppDeps, 'db'>, cycle: Cycle, team: Team): Promise<MidcycleData> {
  const midWeek = midCycleWeek(cycle);
  const krs = await listKrInfos(deps.db, { cycleId: cycle.id, teamId: team.id });
  const checkins = await listCheckins(
    deps.db,
    krs.map((k) => k.id),
    midWeek,
  );
  type Latest = Omit<Decision, 'kind'> & { kind: Exclude<Decision['kind'], 'change'>; byLabel: string | null };
  const latest = new Map<number, Latest>();
  for (const kr of krs) {
    // The prompt is about double down / pivot / stop; edits of the KR are not answers to it.
    const d = (await listDecisions(deps.db, kr.id)).find((x) => x.kind !== 'change');
    if (d) latest.set(kr.id, { ...d, kind: d.kind as Exclude<typeof d.kind, 'change'>, byLabel: d.deciderLabel });
  }
  const selection = selectMidcycle({ midWeek, krs, checkins, latestDecision: (krId) => latest.get(krId) ?? null });
  return { teamName: team.name, cycleName: cycle.name, ...selection };
}

export async function postMidcycle(deps: AppDeps, cycle: Cycle, team: Team): Promise<DeliverResult> {
  const claim = {
    purpose: MIDCYCLE_PURPOSE,
    subject: subjects.midcycle(cycle.id, team.id),
    cycleId: cycle.id,
    teamId: team.id,
  };
  return postOnce(deps, claim, { channel: team.digestChannel! }, async () => midcyclePrompt(deps, cycle, team));
}

/** The prompt with the team's heat strip up to the mid-cycle week below its heading. */
async function midcyclePrompt(deps: AppDeps, cycle: Cycle, team: Team) {
  return withChart(
    deps,
    renderMidcyclePrompt(await midcycleData(deps, cycle, team)),
    await teamStripChart(deps, cycle, team, midCycleWeek(cycle)),
    2,
  );
}

/** Re-renders the team's mid-cycle prompt so it shows the decision. */
export async function refreshMidcycle(deps: AppDeps, cycle: Cycle, teamId: number): Promise<void> {
  await updatePosted(deps, MIDCYCLE_PURPOSE, subjects.midcycle(cycle.id, teamId), async () => {
    const team = await getTeam(deps.db, teamId);
    return team ? await midcyclePrompt(deps, cycle, team) : null;
  });
}

export const PROPOSAL_PURPOSE = 'proposal';

/** Tells the owner about a proposal on their KR, with Confirm / Reject — once, through the gateway. */
export async function notifyOwnerOfProposal(
  deps: AppDeps,
  cycle: Cycle,
  kr: KrInfo,
  decision: Decision,
  proposerSlackId: string,
  notifyProposer = false,
): Promise<void> {
  const owner = kr.ownerId === null ? undefined : await getPerson(deps.db, kr.ownerId);
  if (!owner?.slackUserId || (owner.slackUserId === proposerSlackId && !notifyProposer)) return;
  const claim = {
    purpose: PROPOSAL_PURPOSE,
    subject: subjects.proposal(decision.id),
    cycleId: cycle.id,
    personId: owner.id,
  };
  await postOnce(deps, claim, { personId: owner.id }, () => renderProposalDm(kr, decision, proposerSlackId));
}

/**
 * What to do after a decision was logged or proposed, whichever surface it came from. An owner who
 * proposed through an assistant (`notifyProposer`) gets the Confirm / Reject DM like anyone's proposal.
 */
export async function afterDecision(
  deps: AppDeps,
  result: Extract<DecideResult, { ok: true }>,
  slackUserId: string,
  o: { notifyProposer?: boolean } = {},
): Promise<void> {
  if (result.proposal)
    await notifyOwnerOfProposal(deps, result.cycle, result.kr, result.decision, slackUserId, o.notifyProposer);
  await refreshMidcycle(deps, result.cycle, result.kr.teamId);
  await refreshRollupOf(deps, result.cycle, result.decision);
}

/** A decision taken in a week whose roll-up was already posted shows up there too. */
async function refreshRollupOf(deps: AppDeps, cycle: Cycle, decision: Decision): Promise<void> {
  const week = decision.status === 'confirmed' ? weekOfDate(cycle, decision.decidedAt.slice(0, 10)) : null;
  if (week !== null) await rollupChanged(deps, cycle, week);
}

/** After a proposal is confirmed or rejected: the prompt and the owner's proposal DM show the outcome. */
export async function afterResolve(deps: AppDeps, result: Extract<ResolveResult, { ok: true }>): Promise<void> {
  await refreshMidcycle(deps, result.cycle, result.kr.teamId);
  await refreshRollupOf(deps, result.cycle, result.decision);
  await updatePosted(deps, PROPOSAL_PURPOSE, subjects.proposal(result.decision.id), () =>
    renderProposalOutcome(result.kr, result.decision),
  );
}
