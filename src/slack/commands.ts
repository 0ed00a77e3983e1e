import { adminsOnly } from '../views/access.js';
import { isGradable, objectiveScore } from '../domain/grading.js';
import { cycleWeek, weekCount, weekdayName } from '../domain/time.js';
import { checkinItems, currentWeekOf, weekRangeText } from '../services/checkins.js';
import type { AppDeps } from '../services/deps.js';
import { changeTeamSettings } from '../services/teamSettings.js';
import { isAdmin } from '../services/admins.js';
import { buildTeamDigest } from '../services/digest.js';
import { mineItems } from '../services/home.js';
import { identify, todayOf } from '../services/people.js';
import { listCheckins } from '../store/checkins.js';
import { listInitiatives } from '../store/initiatives.js';
import { getActiveCycle, getCurrentCycle, getCycleByName, inactiveCycleNamed, nextPlannedCycle, setCycleState } from '../store/cycles.js';
import { afterGrade, closeCycleNow, submitGrade } from '../services/grading.js';

import { listDecisions } from '../store/decisions.js';
import { afterDecision, decide as decideService } from '../services/decisions.js';
import { DECISION_LABEL } from '../views/midcycle.js';
import { getKrInfo, listKrInfos } from '../store/keyResults.js';
import type { Cycle, Person } from '../db/schema.js';
import type { CheckinInfo, KrInfo } from '../domain/types.js';
import { chartFollowUp, chartsEnabled } from '../services/chartUpload.js';
import { krChart } from '../services/charts.js';
import { getPersonBySlackId, updatePerson } from '../store/people.js';
import { getTeamByName, listTeams, teamsInCycle } from '../store/teams.js';
import { button, context, escapeMrkdwn, LIMITS, safeText, section, type Block } from '../views/blocks.js';
import { ACTION, encodePayload } from '../views/checkinMessage.js';
import { renderDigestBlocks } from '../views/digestBlocks.js';
import { formatNumber } from '../views/format.js';
import { renderMine, renderShow } from '../views/krViews.js';
import { openEditKrForm, openNewKrForm } from './okrForms.js';
import { editableKr, linkWork } from '../services/okrEditing.js';
import { openCheckinModal } from './checkinFlow.js';
import { helpText, type OkrCommand } from './okrCommandParser.js';
import { NO_CYCLE, type Reply } from './commandReply.js';
import { leadership, overview } from './rollupCommands.js';
import { admins } from './adminCommands.js';

/** `/okr` subcommands. Each returns the ephemeral reply, or null when it answered with a modal. */

export interface CommandRequest {
  slackUserId: string;
  triggerId: string;
}
export type { Reply } from './commandReply.js';

const text = (t: string): Reply => ({ text: t });
const ADMIN_ONLY = adminsOnly('do that');

export async function runOkrCommand(deps: AppDeps, req: CommandRequest, cmd: OkrCommand): Promise<Reply> {
  switch (cmd.kind) {
    case 'help':
      return text(helpText());
    case 'mine':
      return mine(deps, req);
    case 'show':
      return show(deps, cmd.kr, req.slackUserId, cmd.cycle);
    case 'checkin':
      return checkin(deps, req, cmd.kr);
    case 'digest':
      return digest(deps, req, cmd.team);
    case 'decide':
      return decide(deps, req, cmd);
    case 'grade':
      return grade(deps, req, cmd.kr, cmd.grade, cmd.learning);
    case 'ooo':
      return ooo(deps, req, cmd.until);
    case 'back':
      return back(deps, req);
    case 'new':
      return newKr(deps, req);
    case 'link':
      return link(deps, req, cmd);
    case 'edit': {
      const refusal = await openEditKrForm(deps, req.slackUserId, req.triggerId, cmd.kr);
      return refusal ? text(escapeMrkdwn(refusal)) : null;
    }
    case 'team-channel':
    case 'team-schedule':
      return team(deps, req, cmd);
    case 'cycle':
      return cycle(deps, req, cmd.action, cmd.name);
    case 'overview':
      return overview(deps);
    case 'leadership':
      return leadership(deps, req.slackUserId, cmd.channel);
    case 'admins':
      return admins(deps, req.slackUserId, cmd);
  }
}

/**
 * Subcommands that only read, answered inside the HTTP acknowledgement (no second round trip to
 * response_url) — when everything they need is in the database. `undefined`: take the usual path
 * (ack, then work that may ask Slack, then respond).
 */
export async function replyInAck(deps: AppDeps, req: CommandRequest, cmd: OkrCommand): Promise<Reply | undefined> {
  if (cmd.kind === 'help') return text(helpText());
  if (cmd.kind === 'show') return show(deps, cmd.kr, req.slackUserId, cmd.cycle);
  if (cmd.kind === 'overview') return overview(deps);
  if (cmd.kind === 'admins' && !cmd.action) return admins(deps, req.slackUserId, cmd);
  if (cmd.kind !== 'mine' && cmd.kind !== 'digest') return undefined;
  // Someone matched by email on first contact needs users.info: not inside the ack.
  const person = await getPersonBySlackId(deps.db, req.slackUserId);
  if (cmd.kind === 'mine') return person || !await getActiveCycle(deps.db) ? await mineFor(deps, person) : undefined;
  return person || cmd.team ? await digestFor(deps, person, cmd.team) : undefined;
}

async function mine(deps: AppDeps, req: CommandRequest): Promise<Reply> {
  return mineFor(deps, await identify(deps, req.slackUserId));
}

async function mineFor(deps: AppDeps, person: Person | undefined): Promise<Reply> {
  const c = await getActiveCycle(deps.db);
  if (!c) return text(NO_CYCLE);
  if (!person) return text(`You own no key results in ${escapeMrkdwn(c.name)}.`);
  const week = await currentWeekOf(deps, c, person);
  return renderMine(c.name, week, await mineItems(deps, c, person.id, week ?? weekCount(c)));
}

/** A KR of the active cycle — or of a named or the most recent closed one: closed cycles stay readable. */
async function show(deps: AppDeps, key: string, slackUserId: string, cycleName?: string): Promise<Reply> {
  const c = cycleName ? await getCycleByName(deps.db, cycleName) : await getCurrentCycle(deps.db);
  if (!c) return text(cycleName ? `No cycle named "${escapeMrkdwn(cycleName)}".` : NO_CYCLE);
  const kr = await getKrInfo(deps.db, c.id, key);
  if (!kr) return text(`No key result ${key} in ${escapeMrkdwn(c.name)}. \`/okr mine\` lists yours.`);
  const editable = c.state !== 'closed' && (await editableKr(deps, slackUserId, kr.key)).ok;
  const initiatives = (await listInitiatives(deps.db, [kr.id])).get(kr.id) ?? [];
  const checkins = await listCheckins(deps.db, [kr.id]);
  const reply = renderShow({ kr, cycleName: c.name, checkins, decisions: await listDecisions(deps.db, kr.id), weeks: weekCount(c), editable, initiatives });
  if (!chartsEnabled(deps) || checkins.length === 0) return reply;
  return { ...reply, followUp: async () => krChartReply(deps, c, kr, checkins) };
}

async function krChartReply(deps: AppDeps, c: Cycle, kr: KrInfo, checkins: CheckinInfo[]): Promise<Reply> {
  return chartFollowUp(deps, krChart(c, kr, checkins), `📈 ${escapeMrkdwn(kr.key)} week by week`);
}

async function checkin(deps: AppDeps, req: CommandRequest, key?: string): Promise<Reply> {
  const c = await getActiveCycle(deps.db);
  if (!c) return text(NO_CYCLE);
  if (key) {
    const kr = await getKrInfo(deps.db, c.id, key);
    if (!kr) return text(`No key result ${key} in ${escapeMrkdwn(c.name)}. \`/okr mine\` lists yours.`);
    await identify(deps, req.slackUserId);
    await openCheckinModal(deps, { triggerId: req.triggerId, slackUserId: req.slackUserId, krId: kr.id });
    return null;
  }
  const person = await identify(deps, req.slackUserId);
  if (!person) return text(`You own no key results in ${escapeMrkdwn(c.name)}.`);
  const week = await currentWeekOf(deps, c, person);
  if (week === null) return text(`Cycle ${escapeMrkdwn(c.name)} has no current week.`);
  const items = await checkinItems(deps.db, c, person.id, week);
  const pending = items.filter((i) => !i.current);
  if (items.length === 0) return text(`You own no active key results in ${escapeMrkdwn(c.name)}.`);
  if (pending.length === 1) {
    await openCheckinModal(deps, { triggerId: req.triggerId, slackUserId: req.slackUserId, krId: pending[0]!.kr.id });
    return null;
  }
  if (pending.length === 0) return text(`You're all done for week ${week}. To edit one: \`/okr checkin O1-KR2\`.`);
  const shown = pending.slice(0, LIMITS.messageBlocks - 2);
  const blocks: Block[] = [section(`*Week ${week}* · ${pending.length} key results to check in on:`)];
  for (const i of shown) {
    blocks.push(section(`*${i.kr.key}* ${safeText(i.kr.title, 300)}`, { accessory: button('Check in', ACTION.homeCheckin, encodePayload({ k: i.kr.id, w: week }), 'primary') }));
  }
  if (pending.length > shown.length) blocks.push(context(`…and ${pending.length - shown.length} more.`));
  return { text: `${pending.length} key results to check in on this week.`, blocks };
}

async function digest(deps: AppDeps, req: CommandRequest, teamName?: string): Promise<Reply> {
  return digestFor(deps, teamName ? undefined : await identify(deps, req.slackUserId), teamName);
}

async function digestFor(deps: AppDeps, person: Person | undefined, teamName?: string): Promise<Reply> {
  const c = await getActiveCycle(deps.db);
  if (!c) return text(NO_CYCLE);
  let team = teamName ? await getTeamByName(deps.db, teamName) : undefined;
  if (teamName && !team) return text(`No team named "${escapeMrkdwn(teamName)}". Teams: ${(await listTeams(deps.db)).map((t) => escapeMrkdwn(t.name)).join(', ') || 'none yet'}.`);
  if (!team) {
    const mineTeams = person ? [...new Set((await listKrInfos(deps.db, { cycleId: c.id, ownerId: person.id })).map((k) => k.teamId))] : [];
    const all = await listTeams(deps.db);
    const candidates = mineTeams.length ? all.filter((t) => mineTeams.includes(t.id)) : all;
    if (candidates.length !== 1) return text(`Which team? \`/okr digest <team>\` — teams: ${all.map((t) => escapeMrkdwn(t.name)).join(', ') || 'none yet'}.`);
    team = candidates[0]!;
  }
  const week = cycleWeek(c, deps.clock(), team.timezone);
  if (week === null) return text(`Cycle ${escapeMrkdwn(c.name)} has no current week.`);
  const selection = await buildTeamDigest(deps.db, c, team, week);
  const blocks = renderDigestBlocks({ teamName: team.name, cycleName: c.name, week, weekRange: weekRangeText(c, week) }, selection);
  blocks.blocks.push(context('Preview — only you can see this. The team channel gets the digest on schedule.'));
  return blocks;
}

async function decide(deps: AppDeps, req: CommandRequest, cmd: Extract<OkrCommand, { kind: 'decide' }>): Promise<Reply> {
  const c = await getActiveCycle(deps.db);
  if (!c) return text(NO_CYCLE);
  const kr = await getKrInfo(deps.db, c.id, cmd.kr);
  if (!kr) return text(`No key result ${cmd.kr} in ${escapeMrkdwn(c.name)}.`);
  await identify(deps, req.slackUserId);
  const result = await decideService(deps, { slackUserId: req.slackUserId, krId: kr.id, kind: cmd.decision, rationale: cmd.rationale });
  if (!result.ok) return text(result.error);
  const label = DECISION_LABEL[cmd.decision];
  await afterDecision(deps, result, req.slackUserId);
  if (result.proposal) {
    return text(`Proposed *${label}* on *${kr.key}* — ${safeText(cmd.rationale, 1000)}. Its owner or an admin confirms it.`);
  }
  const effect =
    cmd.decision === 'stop'
      ? ` ${kr.key} is now stopped: no more check-ins, and it leaves the digest.`
      : cmd.decision === 'pivot'
        ? ' To change its title or target, use the Pivot button on the mid-cycle prompt or update the OKR file.'
        : '';
  return text(`Logged *${label}* on *${kr.key}* — ${safeText(cmd.rationale, 1000)}.${effect}`);
}

async function grade(deps: AppDeps, req: CommandRequest, key: string, value: number, learning?: string): Promise<Reply> {
  const c = await getActiveCycle(deps.db);
  if (!c) return text(NO_CYCLE);
  const kr = await getKrInfo(deps.db, c.id, key);
  if (!kr) return text(`No key result ${key} in ${escapeMrkdwn(c.name)}.`);
  await identify(deps, req.slackUserId);
  // The same rule as the grade modal: one submitGrade for both surfaces.
  const result = await submitGrade(deps, c, req.slackUserId, kr.id, String(value), learning);
  if (!result.ok) return text(`${result.error} Nothing was changed.`);
  await afterGrade(deps, c, kr, req.slackUserId);
  const siblings = (await listKrInfos(deps.db, { cycleId: c.id })).filter((k) => k.objectiveKey === kr.objectiveKey && isGradable(k));
  const score = objectiveScore(siblings);
  const graded = siblings.filter((k) => k.grade !== null).length;
  return text(
    `Graded *${kr.key}* ${formatNumber(value)}${kr.grade !== null ? ` (was ${formatNumber(kr.grade)})` : ''}. Objective ${kr.objectiveKey} score: ${score === null ? '—' : formatNumber(score)} (${graded} of ${siblings.length} graded).`,
  );
}

async function link(deps: AppDeps, req: CommandRequest, cmd: Extract<OkrCommand, { kind: 'link' }>): Promise<Reply> {
  await identify(deps, req.slackUserId);
  const result = await linkWork(deps, req.slackUserId, cmd.krs, cmd.url, cmd.title ?? null);
  if (!result.ok) return text(result.error);
  const what = cmd.title ? `*${safeText(cmd.title, 200)}* (${escapeMrkdwn(cmd.url)})` : escapeMrkdwn(cmd.url);
  return text(`🔗 Linked ${what} to ${result.krs.join(', ')}.${result.already.length ? ` (Already linked to ${result.already.join(', ')}.)` : ''}`);
}

async function newKr(deps: AppDeps, req: CommandRequest): Promise<Reply> {
  const refusal = await openNewKrForm(deps, req.slackUserId, req.triggerId);
  return refusal ? text(refusal) : null;
}

/** okrbot only pauses or resumes DMs for people it knows; a stranger's command writes nothing. */
const NOT_AN_OWNER = "okrbot has no key results for you, so there are no check-ins to pause or resume. Nothing was changed.";

async function ooo(deps: AppDeps, req: CommandRequest, until: string): Promise<Reply> {
  const person = await identify(deps, req.slackUserId);
  if (!person) return text(NOT_AN_OWNER);
  const today = await todayOf(deps, person, (await getActiveCycle(deps.db))?.id ?? null);
  if (until < today) return text(`${until} is in the past (today is ${today}). Nothing was changed.`);
  await updatePerson(deps.db, person.id, { oooUntil: until });
  return text(`Out of office until ${until} (inclusive): no check-in DMs or reminders until then. \`/okr back\` resumes them early.`);
}

async function back(deps: AppDeps, req: CommandRequest): Promise<Reply> {
  const person = await identify(deps, req.slackUserId);
  if (!person) return text(NOT_AN_OWNER);
  await updatePerson(deps.db, person.id, { oooUntil: null, silencedAt: null });
  return text('Welcome back — weekly check-ins are on again.');
}

async function team(deps: AppDeps, req: CommandRequest, cmd: Extract<OkrCommand, { kind: 'team-channel' | 'team-schedule' }>): Promise<Reply> {
  const change = cmd.kind === 'team-channel' ? { channel: cmd.channel } : { checkinDay: cmd.weekday, checkinTime: cmd.time, ...(cmd.timezone && { timezone: cmd.timezone }) };
  const r = await changeTeamSettings(deps, req.slackUserId, cmd.team, change);
  if (!r.ok) {
    if (r.reason === 'not_admin') return text(ADMIN_ONLY);
    if (r.reason === 'invalid') return text(`${escapeMrkdwn(r.error)} Nothing was changed.`);
    return text(`No team named "${escapeMrkdwn(cmd.team)}". Teams: ${r.teams.map(escapeMrkdwn).join(', ') || 'none yet (import an OKR file)'}. Nothing was changed.`);
  }
  const t = r.team;
  if (cmd.kind === 'team-channel') {
    return text(`${escapeMrkdwn(t.name)}'s at-risk digest will be posted in <#${cmd.channel}>. Invite okrbot there (\`/invite @okrbot\`) if it is not a member yet.`);
  }
  return text(
    `${escapeMrkdwn(t.name)} checks in on ${weekdayName(t.checkinWeekday)} at ${t.checkinTime}, each owner's local time${cmd.timezone ? ` (team time zone ${cmd.timezone})` : ''}.`,
  );
}

async function cycle(deps: AppDeps, req: CommandRequest, action: 'start' | 'close', name?: string): Promise<Reply> {
  if (!(await isAdmin(deps, req.slackUserId))) return text(ADMIN_ONLY);
  const active = await getActiveCycle(deps.db);
  if (action === 'close') {
    if (!active) return text('There is no active cycle to close.');
    const notes = await closeCycleNow(deps, active, await teamsInCycle(deps.db, active.id));
    return text(`Closed cycle ${escapeMrkdwn(active.name)}.\n${notes.map((n) => `• ${escapeMrkdwn(n)}`).join('\n')}`);
  }
  if (active) return text(`Cycle ${escapeMrkdwn(active.name)} is active. Close it first with \`/okr cycle close\`. Nothing was changed.`);
  const next = name ? await inactiveCycleNamed(deps.db, name) : await nextPlannedCycle(deps.db);
  if (!next) return text(name ? `No cycle named "${escapeMrkdwn(name)}" to start.` : 'There is no planned cycle. Import one with `okrbot import <file>`.');
  await setCycleState(deps.db, next.id, 'active');
  return text(`Started cycle ${escapeMrkdwn(next.name)} (${next.startDate} → ${next.endDate}, mid-cycle ${next.midDate}).`);
}
