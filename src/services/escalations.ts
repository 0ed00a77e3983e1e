import type { Cycle, Team } from '../db/schema.js';
import { missedRun, type AnsweringFacts, type MissedRun } from '../domain/answering.js';
import { openCheckinWeek, scheduleOf } from '../domain/cadence.js';
import { leadsOf } from '../domain/teamSettings.js';
import type { KrInfo } from '../domain/types.js';
import { answeringFacts } from '../store/answering.js';
import { getActiveCycle } from '../store/cycles.js';
import { listActiveOwners, type OwnerWithTeams } from '../store/owners.js';
import { getPerson } from '../store/people.js';
import { getTeam, teamsInCycle } from '../store/teams.js';
import { renderEscalation, renderNudge, type NudgeButton } from '../views/escalation.js';
import { workspaceAdmins } from './admins.js';
import { postOnce, updatePosted, type DeliverResult } from './delivery.js';
import type { AppDeps } from './deps.js';
import { ownerZone } from './people.js';

/**
 * Escalation (a team setting, off by default): when an owner has missed the team's check-ins N
 * weeks in a row, the team's leads (or, with none set, the admins) get one private DM per run of
 * misses, naming the KRs, with a button to nudge the owner once. Never the channel.
 */

export const ESCALATION_PURPOSE = 'escalation';
export const NUDGE_PURPOSE = 'nudge';

const escalationSubject = (cycleId: number, b: NudgeButton, lead: string) =>
  `cycle:${cycleId}/team:${b.t}/person:${b.p}/since:${b.s}/lead:${lead}`;
const nudgeSubject = (cycleId: number, b: NudgeButton) => `cycle:${cycleId}/team:${b.t}/person:${b.p}/since:${b.s}`;

/** Who hears of a team's escalations: its leads, else the admins; never the owner about themselves. */
async function recipients(deps: AppDeps, team: Team, ownerSlackId: string | null): Promise<string[]> {
  const leads = leadsOf(team.leadUserIds);
  const who = leads.length ? leads : (await workspaceAdmins(deps)).map((a) => a.slackUserId);
  return who.filter((u) => u !== ownerSlackId);
}

export interface Escalation {
  team: Team;
  owner: OwnerWithTeams;
  run: MissedRun;
}

/** Every owner whose latest run of missed weeks has reached their team's escalation setting. */
export async function dueEscalations(deps: AppDeps, cycle: Cycle): Promise<Escalation[]> {
  const teams = (await teamsInCycle(deps.db, cycle.id)).filter((t) => t.escalateAfterWeeks !== null);
  if (teams.length === 0) return [];
  const facts: AnsweringFacts = await answeringFacts(deps.db, cycle.id);
  const due: Escalation[] = [];
  for (const owner of await listActiveOwners(deps.db, cycle.id)) {
    const open = openCheckinWeek(cycle, owner.teams.map(scheduleOf), ownerZone(owner), deps.clock());
    for (const team of teams.filter((t) => owner.teams.some((o) => o.id === t.id))) {
      const run = missedRun(facts, owner.person.id, open, team.escalateAfterWeeks!, (k) => k.teamId === team.id);
      if (run) due.push({ team, owner, run });
    }
  }
  return due;
}

/** Sends one escalation to each of its recipients, once per run of misses. */
export async function sendEscalation(deps: AppDeps, cycle: Cycle, e: Escalation): Promise<DeliverResult[]> {
  const b: NudgeButton = { p: e.owner.person.id, t: e.team.id, s: e.run.weeks[0]! };
  const results: DeliverResult[] = [];
  for (const lead of await recipients(deps, e.team, e.owner.person.slackUserId)) {
    const claim = {
      purpose: ESCALATION_PURPOSE,
      subject: escalationSubject(cycle.id, b, lead),
      cycleId: cycle.id,
      teamId: e.team.id,
      personId: e.owner.person.id,
      week: e.run.weeks.at(-1)!,
    };
    results.push(await postOnce(deps, claim, { channel: lead }, () => escalationMessage(deps, cycle, b, e.run, null)));
  }
  return results;
}

/** `nudgedBy`: the lead whose click just sent the nudge (the message is redrawn then). */
async function escalationMessage(deps: AppDeps, cycle: Cycle, b: NudgeButton, run: MissedRun, nudgedBy: string | null) {
  const [team, owner] = [await getTeam(deps.db, b.t), await getPerson(deps.db, b.p)];
  const facts = await answeringFacts(deps.db, cycle.id, { ownerId: b.p });
  const lastMissed = run.weeks.at(-1)!;
  return renderEscalation({
    ownerSlackId: owner?.slackUserId ?? null,
    ownerName: owner?.name ?? owner?.email ?? 'An owner',
    teamName: team?.name ?? 'a team',
    weeks: run.weeks,
    krs: facts.krs.filter((k) => run.krIds.includes(k.id)) as KrInfo[],
    nudgedBy,
    answeredSince: facts.answers.some((a) => a.week > lastMissed && run.krIds.includes(a.krId)),
    button: b,
  });
}

export type NudgeOutcome =
  | { ok: true; ownerSlackId: string | null }
  | { ok: false; reason: 'no_cycle' | 'not_lead' | 'no_longer_missed' | 'already_nudged' | 'not_sent' };

/** A lead's "Nudge" click: the owner gets one private DM per run of misses; the lead's DMs update. */
export async function nudgeOwner(deps: AppDeps, leadSlackId: string, b: NudgeButton): Promise<NudgeOutcome> {
  const cycle = await getActiveCycle(deps.db);
  if (!cycle) return { ok: false, reason: 'no_cycle' };
  const team = await getTeam(deps.db, b.t);
  const owner = await getPerson(deps.db, b.p);
  if (!team || !owner) return { ok: false, reason: 'no_longer_missed' };
  if (!(await recipients(deps, team, owner.slackUserId)).includes(leadSlackId))
    return { ok: false, reason: 'not_lead' };
  const facts = await answeringFacts(deps.db, cycle.id, { ownerId: b.p });
  const run = missedRun(facts, b.p, null, 1, (k) => k.teamId === b.t);
  if (!run || run.weeks[0] !== b.s) return { ok: false, reason: 'no_longer_missed' };
  const subject = nudgeSubject(cycle.id, b);
  const claim = { purpose: NUDGE_PURPOSE, subject, cycleId: cycle.id, teamId: b.t, personId: b.p };
  const krs = facts.krs.filter((k) => run.krIds.includes(k.id)) as KrInfo[];
  const sent = await postOnce(deps, claim, { personId: b.p }, () => renderNudge({ leadSlackId, krs, since: b.s }));
  if (sent.status === 'skipped') return { ok: false, reason: 'already_nudged' };
  if (sent.status !== 'sent') return { ok: false, reason: 'not_sent' };
  await refreshEscalations(deps, cycle, b, run, leadSlackId);
  return { ok: true, ownerSlackId: owner.slackUserId };
}

/** Redraws every lead's copy of an escalation (nudged, or answered since). */
async function refreshEscalations(
  deps: AppDeps,
  cycle: Cycle,
  b: NudgeButton,
  run: MissedRun,
  nudgedBy: string,
): Promise<void> {
  const team = await getTeam(deps.db, b.t);
  const owner = await getPerson(deps.db, b.p);
  if (!team || !owner) return;
  for (const lead of await recipients(deps, team, owner.slackUserId))
    await updatePosted(deps, ESCALATION_PURPOSE, escalationSubject(cycle.id, b, lead), () =>
      escalationMessage(deps, cycle, b, run, nudgedBy),
    );
}
