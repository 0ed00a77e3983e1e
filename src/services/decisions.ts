import type { Cycle, Decision, Team } from '../db/schema.js';
import { selectMidcycle } from '../domain/midcycle.js';
import { cycleWeek } from '../domain/time.js';
import type { KrInfo } from '../domain/types.js';
import { listCheckins } from '../store/checkins.js';
import { getActiveCycle } from '../store/cycles.js';
import { getDecision, listDecisions, recordDecision, resolveProposal } from '../store/decisions.js';
import { findDelivery, subjects } from '../store/deliveries.js';
import { listKrInfos, getKrInfoById } from '../store/keyResults.js';
import { getPerson, getPersonBySlackId } from '../store/people.js';
import { getTeam } from '../store/teams.js';
import { button, actions, safeText, section } from '../views/blocks.js';
import { DECISION_ACTION, DECISION_LABEL, renderMidcyclePrompt, type MidcycleData } from '../views/midcycle.js';
import { mayActOn } from './checkins.js';
import { postOnce, type DeliverResult } from './delivery.js';
import { isAdmin, slackErrorCode, type AppDeps } from './deps.js';
import { personForSlackUser } from './people.js';

/** Mid-cycle decisions: double down, pivot or stop — proposed by the team, confirmed by owner or admin. */

export const MIDCYCLE_PURPOSE = 'midcycle';

/** Team members are the people who own KRs in the team this cycle (admins may always act). */
export function isTeamMember(deps: Pick<AppDeps, 'db' | 'admins'>, cycle: Cycle, teamId: number, slackUserId: string): boolean {
  if (isAdmin(deps, slackUserId)) return true;
  const person = getPersonBySlackId(deps.db, slackUserId);
  return person !== undefined && listKrInfos(deps.db, { cycleId: cycle.id, teamId }).some((k) => k.ownerId === person.id);
}

export interface DecideInput {
  slackUserId: string;
  krId: number;
  kind: Decision['kind'];
  rationale: string;
  newTitle?: string | null;
  newTarget?: number | null;
}

export type DecideResult = { ok: true; decision: Decision; kr: KrInfo; cycle: Cycle; proposal: boolean } | { ok: false; error: string };

export function decide(deps: AppDeps, input: DecideInput): DecideResult {
  const rationale = input.rationale.trim();
  if (!rationale) return { ok: false, error: 'Add the rationale: why this decision?' };
  if (rationale.length > 3000) return { ok: false, error: 'Keep the rationale within 3000 characters.' };
  const cycle = getActiveCycle(deps.db);
  if (!cycle) return { ok: false, error: 'There is no active OKR cycle.' };
  const kr = getKrInfoById(deps.db, cycle.id, input.krId);
  if (!kr) return { ok: false, error: 'That key result is not part of the active cycle.' };
  if (kr.status === 'stopped') return { ok: false, error: `${kr.key} is already stopped. Nothing was logged.` };
  const confirmer = mayActOn(deps, input.slackUserId, kr);
  if (!confirmer && !isTeamMember(deps, cycle, kr.teamId, input.slackUserId)) {
    return { ok: false, error: `Only members of ${kr.key}'s team can propose a decision on it, and only its owner or an admin can confirm one. Nothing was logged.` };
  }
  const by = personForSlackUser(deps.db, input.slackUserId);
  const decision = recordDecision(
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

export function resolve(deps: AppDeps, slackUserId: string, decisionId: number, accept: boolean): ResolveResult {
  const cycle = getActiveCycle(deps.db);
  const d = getDecision(deps.db, decisionId);
  if (!cycle || !d) return { ok: false, error: 'That proposal no longer exists.' };
  const kr = getKrInfoById(deps.db, cycle.id, d.krId);
  if (!kr) return { ok: false, error: 'That key result is not part of the active cycle.' };
  if (!mayActOn(deps, slackUserId, kr)) return { ok: false, error: `Only the owner of ${kr.key} or an admin can confirm or reject this. Nothing was changed.` };
  const by = personForSlackUser(deps.db, slackUserId);
  const updated = resolveProposal(deps.db, d.id, accept, by.id, deps.clock());
  if (!updated) return { ok: false, error: `This proposal was already ${d.status}.` };
  return { ok: true, decision: updated, kr, cycle };
}

/** The team's mid-cycle prompt data: store reads in, the one selection (selectMidcycle) out. */
export function midcycleData(deps: Pick<AppDeps, 'db'>, cycle: Cycle, team: Team): MidcycleData {
  const midWeek = cycleWeek(cycle, `${cycle.midDate}T12:00:00Z`, 'UTC') ?? 1;
  const krs = listKrInfos(deps.db, { cycleId: cycle.id, teamId: team.id });
  const checkins = listCheckins(
    deps.db,
    krs.map((k) => k.id),
    midWeek,
  );
  const selection = selectMidcycle({
    midWeek,
    krs,
    checkins,
    latestDecision: (krId) => {
      const d = listDecisions(deps.db, krId)[0];
      return d ? { ...d, byLabel: d.deciderLabel } : null;
    },
  });
  return { teamName: team.name, cycleName: cycle.name, ...selection };
}

export async function postMidcycle(deps: AppDeps, cycle: Cycle, team: Team): Promise<DeliverResult> {
  const claim = { purpose: MIDCYCLE_PURPOSE, subject: subjects.midcycle(cycle.id, team.id), cycleId: cycle.id, teamId: team.id };
  return postOnce(deps, claim, { channel: team.digestChannel! }, () => renderMidcyclePrompt(midcycleData(deps, cycle, team)));
}

/** Re-renders the team's mid-cycle prompt so it shows the decision. */
export async function refreshMidcycle(deps: AppDeps, cycle: Cycle, teamId: number): Promise<void> {
  const posted = findDelivery(deps.db, MIDCYCLE_PURPOSE, subjects.midcycle(cycle.id, teamId));
  const team = getTeam(deps.db, teamId);
  if (posted?.state !== 'sent' || !posted.channel || !posted.ts || !team) return;
  const m = renderMidcyclePrompt(midcycleData(deps, cycle, team));
  try {
    await deps.client.chat.update({ channel: posted.channel, ts: posted.ts, text: m.text, blocks: m.blocks });
  } catch (e) {
    deps.logger.warn('could not update mid-cycle prompt', { teamId, error: slackErrorCode(e) });
  }
}

/** Tells the owner about a proposal on their KR, with Confirm / Reject. */
export async function notifyOwnerOfProposal(deps: AppDeps, kr: KrInfo, decision: Decision, proposerSlackId: string): Promise<void> {
  const owner = kr.ownerId === null ? undefined : getPerson(deps.db, kr.ownerId);
  if (!owner?.slackUserId || owner.slackUserId === proposerSlackId) return;
  const value = JSON.stringify({ d: decision.id });
  const text = `<@${proposerSlackId}> proposes *${DECISION_LABEL[decision.kind]}* on your key result *${kr.key}* ${safeText(kr.title, 300)}:\n> ${safeText(decision.rationale, 1500)}`;
  try {
    await deps.client.chat.postMessage({
      channel: owner.slackUserId,
      text: `Proposal on ${kr.key}: ${DECISION_LABEL[decision.kind]}`,
      blocks: [section(text), actions(`proposal:${decision.id}`, [button('Confirm', DECISION_ACTION.confirm, value, 'primary'), button('Reject', DECISION_ACTION.reject, value, 'danger')])],
    });
  } catch (e) {
    deps.logger.warn('could not notify owner of proposal', { krId: kr.id, error: slackErrorCode(e) });
  }
}
