import type { Cycle, Person } from '../db/schema.js';
import { weekCount } from '../domain/time.js';
import type { Confidence } from '../domain/types.js';
import { getActiveCycle, getCurrentCycle, getCycleByName } from '../store/cycles.js';
import { findPersonByOwner } from '../store/people.js';
import { getTeamByName, listTeams } from '../store/teams.js';
import type { MineItem } from '../views/krViews.js';
import { afterCheckin } from './checkinEffects.js';
import { checkinEligibility, currentWeekOf, submitCheckin, type SubmitResult } from './checkins.js';
import { afterDecision, decide, type DecideResult } from './decisions.js';
import type { AppDeps } from './deps.js';
import { identify } from './people.js';
import { krItems } from './home.js';
import { buildTeamDigest } from './digest.js';
import { activeKr, digestPreview, type DigestPreview } from './krQueries.js';
import { reportData, type ReportData } from './report.js';

/**
 * The use cases an AI assistant reaches through MCP (src/mcp), acting as one Slack user with
 * exactly that user's rights: the same rules (services/access, checkinEligibility, decisionRights)
 * and the same after-effects (the DM, App Home and digest update) as the Slack surfaces.
 */

/** Who an assistant acts as: a Slack user id, or the email of someone okrbot or Slack knows. */
export async function assistantUser(
  deps: AppDeps,
  who: string,
): Promise<{ ok: true; slackUserId: string } | { ok: false; reason: 'unknown_person' }> {
  const id = who.trim();
  if (/^[UW][A-Z0-9]{2,}$/.test(id)) return { ok: true, slackUserId: id };
  if (!id.includes('@')) return { ok: false, reason: 'unknown_person' };
  const known = await findPersonByOwner(deps.db, id);
  if (known?.slackUserId) return { ok: true, slackUserId: known.slackUserId };
  const found = await deps.client.users.lookupByEmail({ email: id }).catch(() => null);
  return found?.user?.id ? { ok: true, slackUserId: found.user.id } : { ok: false, reason: 'unknown_person' };
}

export type KrScope = { scope: 'mine' } | { scope: 'team'; team: string } | { scope: 'all' };

export type KrList =
  | { ok: true; cycle: Cycle; week: number | null; items: MineItem[] }
  | { ok: false; reason: 'no_cycle' }
  | { ok: false; reason: 'no_such_team'; teams: string[] };

/** The active cycle's KRs — the person's own, a team's, or all — with latest check-in and trend. */
export async function listKeyResults(deps: AppDeps, slackUserId: string, which: KrScope): Promise<KrList> {
  const cycle = await getActiveCycle(deps.db);
  if (!cycle) return { ok: false, reason: 'no_cycle' };
  const person: Person | undefined = await identify(deps, slackUserId);
  const week = person ? await currentWeekOf(deps, cycle, person) : null;
  let filter: { ownerId?: number; teamId?: number } = {};
  if (which.scope === 'mine') filter = { ownerId: person?.id ?? -1 };
  if (which.scope === 'team') {
    const team = await getTeamByName(deps.db, which.team);
    if (!team) return { ok: false, reason: 'no_such_team', teams: (await listTeams(deps.db)).map((t) => t.name) };
    filter = { teamId: team.id };
  }
  const items = await krItems(deps, cycle, filter, week ?? weekCount(cycle));
  return { ok: true, cycle, week, items };
}

export interface AssistantCheckin {
  key: string;
  score: Confidence;
  evidence: string;
  risks?: string | undefined;
  nextAction?: string | undefined;
  value?: number | undefined;
}

/** A check-in for the owner's current week, validated and stored as the modal's; Slack updates as after any. */
export async function assistantCheckin(
  deps: AppDeps,
  slackUserId: string,
  input: AssistantCheckin,
): Promise<SubmitResult> {
  const found = await krToActOn(deps, slackUserId, input.key);
  if (!found.kr)
    return { ok: false, error: `${input.key} is not a key result of the active cycle. Nothing was stored.` };
  // The owner's current week, by the one rule for who may check in on what (and why not, if not).
  const may = await checkinEligibility(deps, slackUserId, found.kr.id);
  if (!may.ok) return may;
  const result = await submitCheckin(deps, {
    slackUserId,
    krId: found.kr.id,
    week: may.week,
    confidence: input.score,
    evidence: input.evidence,
    risks: input.risks ?? null,
    nextAction: input.nextAction ?? null,
    value: input.value ?? null,
  });
  if (result.ok) await afterCheckin(deps, result, slackUserId);
  return result;
}

/** The active cycle's KR an assistant names; its user matched to their person first (imported by email), as on first contact. */
async function krToActOn(deps: AppDeps, slackUserId: string, key: string) {
  await identify(deps, slackUserId);
  return activeKr(deps, key);
}

export interface AssistantProposal {
  key: string;
  kind: 'double_down' | 'pivot' | 'stop';
  rationale: string;
  newTitle?: string | undefined;
  newTarget?: number | undefined;
}

/**
 * A decision proposed through an assistant is always a proposal, even from the owner: the owner
 * confirms or rejects it in Slack (their DM says so), so a person stays the one who decides.
 */
export async function assistantProposal(
  deps: AppDeps,
  slackUserId: string,
  input: AssistantProposal,
): Promise<DecideResult> {
  const found = await krToActOn(deps, slackUserId, input.key);
  if (!found.kr)
    return { ok: false, error: `${input.key} is not a key result of the active cycle. Nothing was logged.` };
  const result = await decide(deps, {
    slackUserId,
    krId: found.kr.id,
    kind: input.kind,
    rationale: input.rationale,
    newTitle: input.newTitle ?? null,
    newTarget: input.newTarget ?? null,
    proposalOnly: true,
  });
  if (result.ok) await afterDecision(deps, result, slackUserId, { notifyProposer: true });
  return result;
}

export type AssistantDigest =
  | Exclude<DigestPreview, { kind: 'ok' }>
  | { kind: 'no_such_week'; current: number }
  | Extract<DigestPreview, { kind: 'ok' }>;

/** A team's at-risk digest, as `/okr digest` builds it: this week, or an earlier week of the cycle. */
export async function assistantDigest(
  deps: AppDeps,
  slackUserId: string,
  teamName?: string,
  week?: number,
): Promise<AssistantDigest> {
  const preview = await digestPreview(deps, await identify(deps, slackUserId), teamName);
  if (preview.kind !== 'ok' || week === undefined || week === preview.week) return preview;
  if (week < 1 || week > preview.week) return { kind: 'no_such_week', current: preview.week };
  return { ...preview, week, selection: await buildTeamDigest(deps.db, preview.cycle, preview.team, week) };
}

/** The cycle report (the active cycle, else the most recent, or one by name), as `okrbot report` writes it. */
export async function assistantReport(
  deps: AppDeps,
  cycleName?: string,
): Promise<{ ok: true; data: ReportData } | { ok: false; reason: 'no_cycle' }> {
  const cycle = cycleName ? await getCycleByName(deps.db, cycleName) : await getCurrentCycle(deps.db);
  if (!cycle) return { ok: false, reason: 'no_cycle' };
  return { ok: true, data: await reportData(deps.db, cycle, deps.clock()) };
}
