import { changeCycle } from '../services/cycles.js';
import { afterDecision, decide as decideService } from '../services/decisions.js';
import type { AppDeps } from '../services/deps.js';
import { afterGrade, objectiveStanding, submitGrade } from '../services/grading.js';
import { activeKr, digestPreview, hasActiveCycle, knownPerson, mineOf } from '../services/krQueries.js';
import { linkWork } from '../services/linkWork.js';
import { awayStatuses, comeBack, setOutOfOffice } from '../services/outOfOffice.js';
import { awayStatusesText } from '../views/people.js';
import { identify } from '../services/people.js';
import { changeTeamSettings } from '../services/teamSettings.js';
import type { TeamSettingsChange } from '../domain/teamSettings.js';
import { teamChangedText, type TeamChangeShown } from '../views/teamSettings.js';
import { adminsOnly } from '../views/access.js';
import { escapeMrkdwn, safeText } from '../views/blocks.js';
import { formatNumber } from '../views/text.js';
import { DECISION_LABEL } from '../views/midcycle.js';
import { admins } from './adminCommands.js';
import { NO_CYCLE, type Reply } from './commandReply.js';
import { checkin, digest, digestReply, mine, mineReply, show, type CommandRequest } from './krCommands.js';
import { helpText, type OkrCommand } from './okrCommandParser.js';
import { openEditKrForm, openNewKrForm } from './okrForms.js';
import { leadership, overview } from './rollupCommands.js';

/** `/okr` subcommands. Each returns the ephemeral reply, or null when it answered with a modal. */

export type { CommandRequest } from './krCommands.js';
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
    case 'team-cadence':
    case 'team-escalate':
    case 'team-leads':
      return team(deps, req, cmd);
    case 'cycle':
      return cycle(deps, req, cmd.action, cmd.name);
    case 'overview':
      return overview(deps);
    case 'leadership':
      return leadership(deps, req.slackUserId, cmd.channel);
    case 'admins':
      return admins(deps, req.slackUserId, cmd);
    case 'away-statuses':
      return text(awayStatusesText(await awayStatuses(deps, req.slackUserId, cmd.markers)));
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
  const person = await knownPerson(deps, req.slackUserId);
  if (cmd.kind === 'mine')
    return person || !(await hasActiveCycle(deps)) ? mineReply(await mineOf(deps, person)) : undefined;
  return person || cmd.team ? digestReply(await digestPreview(deps, person, cmd.team), cmd.team) : undefined;
}

async function decide(
  deps: AppDeps,
  req: CommandRequest,
  cmd: Extract<OkrCommand, { kind: 'decide' }>,
): Promise<Reply> {
  const { cycle, kr } = await activeKr(deps, cmd.kr);
  if (!cycle) return text(NO_CYCLE);
  if (!kr) return text(`No key result ${cmd.kr} in ${escapeMrkdwn(cycle.name)}.`);
  await identify(deps, req.slackUserId);
  const result = await decideService(deps, {
    slackUserId: req.slackUserId,
    krId: kr.id,
    kind: cmd.decision,
    rationale: cmd.rationale,
  });
  if (!result.ok) return text(result.error);
  const label = DECISION_LABEL[cmd.decision];
  await afterDecision(deps, result, req.slackUserId);
  if (result.proposal) {
    return text(
      `Proposed *${label}* on *${kr.key}* — ${safeText(cmd.rationale, 1000)}. Its owner or an admin confirms it.`,
    );
  }
  const effect =
    cmd.decision === 'stop'
      ? ` ${kr.key} is now stopped: no more check-ins, and it leaves the digest.`
      : cmd.decision === 'pivot'
        ? ' To change its title or target, use the Pivot button on the mid-cycle prompt or update the OKR file.'
        : '';
  return text(`Logged *${label}* on *${kr.key}* — ${safeText(cmd.rationale, 1000)}.${effect}`);
}

async function grade(
  deps: AppDeps,
  req: CommandRequest,
  key: string,
  value: number,
  learning?: string,
): Promise<Reply> {
  const { cycle: c, kr } = await activeKr(deps, key);
  if (!c) return text(NO_CYCLE);
  if (!kr) return text(`No key result ${key} in ${escapeMrkdwn(c.name)}.`);
  await identify(deps, req.slackUserId);
  // The same rule as the grade modal: one submitGrade for both surfaces.
  const result = await submitGrade(deps, c, req.slackUserId, kr.id, String(value), learning);
  if (!result.ok) return text(`${result.error} Nothing was changed.`);
  await afterGrade(deps, c, kr, req.slackUserId);
  const { score, graded, total } = await objectiveStanding(deps, c, kr.objectiveKey);
  return text(
    `Graded *${kr.key}* ${formatNumber(value)}${kr.grade !== null ? ` (was ${formatNumber(kr.grade)})` : ''}. Objective ${kr.objectiveKey} score: ${score === null ? '—' : formatNumber(score)} (${graded} of ${total} graded).`,
  );
}

async function link(deps: AppDeps, req: CommandRequest, cmd: Extract<OkrCommand, { kind: 'link' }>): Promise<Reply> {
  await identify(deps, req.slackUserId);
  const result = await linkWork(deps, req.slackUserId, cmd.krs, cmd.url, cmd.title ?? null);
  if (!result.ok) return text(result.error);
  const what = cmd.title ? `*${safeText(cmd.title, 200)}* (${escapeMrkdwn(cmd.url)})` : escapeMrkdwn(cmd.url);
  return text(
    `🔗 Linked ${what} to ${result.krs.join(', ')}.${result.already.length ? ` (Already linked to ${result.already.join(', ')}.)` : ''}`,
  );
}

async function newKr(deps: AppDeps, req: CommandRequest): Promise<Reply> {
  const refusal = await openNewKrForm(deps, req.slackUserId, req.triggerId);
  return refusal ? text(refusal) : null;
}

/** okrbot only pauses or resumes DMs for people it knows; a stranger's command writes nothing. */
const NOT_AN_OWNER =
  'okrbot has no key results for you, so there are no check-ins to pause or resume. Nothing was changed.';

async function ooo(deps: AppDeps, req: CommandRequest, until: string): Promise<Reply> {
  const r = await setOutOfOffice(deps, req.slackUserId, until);
  if (r.kind === 'not_an_owner') return text(NOT_AN_OWNER);
  if (r.kind === 'in_the_past') return text(`${until} is in the past (today is ${r.today}). Nothing was changed.`);
  return text(
    `Out of office until ${until} (inclusive): no check-in DMs or reminders until then. \`/okr back\` resumes them early.`,
  );
}

async function back(deps: AppDeps, req: CommandRequest): Promise<Reply> {
  return text((await comeBack(deps, req.slackUserId)) ? 'Welcome back — weekly check-ins are on again.' : NOT_AN_OWNER);
}

type TeamCommand = Extract<OkrCommand, { kind: `team-${string}` }>;

function teamChange(cmd: TeamCommand): TeamSettingsChange & { channel?: string } {
  switch (cmd.kind) {
    case 'team-channel':
      return { channel: cmd.channel };
    case 'team-schedule':
      return { checkinDay: cmd.weekday, checkinTime: cmd.time, ...(cmd.timezone && { timezone: cmd.timezone }) };
    case 'team-cadence':
      return { cadence: cmd.cadence };
    case 'team-escalate':
      return { escalateAfterWeeks: cmd.afterWeeks };
    case 'team-leads':
      return { leads: cmd.leads };
  }
}

async function team(deps: AppDeps, req: CommandRequest, cmd: TeamCommand): Promise<Reply> {
  const r = await changeTeamSettings(deps, req.slackUserId, cmd.team, teamChange(cmd));
  if (!r.ok) {
    if (r.reason === 'not_admin') return text(ADMIN_ONLY);
    if (r.reason === 'invalid') return text(`${escapeMrkdwn(r.error)} Nothing was changed.`);
    return text(
      `No team named "${escapeMrkdwn(cmd.team)}". Teams: ${r.teams.map(escapeMrkdwn).join(', ') || 'none yet (import an OKR file)'}. Nothing was changed.`,
    );
  }
  const what = cmd.kind === 'team-schedule' ? 'schedule' : (cmd.kind.slice(5) as TeamChangeShown);
  return text(teamChangedText(r.team, what, cmd.kind === 'team-schedule' ? cmd.timezone : undefined));
}

async function cycle(deps: AppDeps, req: CommandRequest, action: 'start' | 'close', name?: string): Promise<Reply> {
  const r = await changeCycle(deps, req.slackUserId, action, name);
  switch (r.kind) {
    case 'not_admin':
      return text(ADMIN_ONLY);
    case 'nothing_to_close':
      return text('There is no active cycle to close.');
    case 'closed':
      return text(
        `Closed cycle ${escapeMrkdwn(r.cycle.name)}.\n${r.notes.map((n) => `• ${escapeMrkdwn(n)}`).join('\n')}`,
      );
    case 'already_active':
      return text(
        `Cycle ${escapeMrkdwn(r.cycle.name)} is active. Close it first with \`/okr cycle close\`. Nothing was changed.`,
      );
    case 'nothing_to_start':
      return text(
        r.name
          ? `No cycle named "${escapeMrkdwn(r.name)}" to start.`
          : 'There is no planned cycle. Import one with `okrbot import <file>`.',
      );
    case 'started':
      return text(
        `Started cycle ${escapeMrkdwn(r.cycle.name)} (${r.cycle.startDate} → ${r.cycle.endDate}, mid-cycle ${r.cycle.midDate}).`,
      );
  }
}
