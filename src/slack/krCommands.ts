import { chartCheckins } from '../services/krValues.js';
import { weekCount } from '../domain/time.js';
import { chartFollowUp, chartsEnabled } from '../services/chartUpload.js';
import { krChart } from '../services/charts.js';
import { weekRangeText } from '../services/weeklyDm.js';
import type { AppDeps } from '../services/deps.js';
import {
  activeKr,
  digestPreview,
  mineOf,
  pendingCheckins,
  showKr,
  type DigestPreview,
  type MineResult,
} from '../services/krQueries.js';
import { identify } from '../services/people.js';
import { button, context, escapeMrkdwn, LIMITS, safeText, section, type Block } from '../views/blocks.js';
import { ACTION, encodePayload } from '../views/checkinMessage.js';
import { renderDigestBlocks } from '../views/digestBlocks.js';
import { renderMine, renderShow } from '../views/krViews.js';
import { openCheckinModal } from './checkinFlow.js';
import { NO_CYCLE, type Reply } from './commandReply.js';

/** `/okr mine`, `show`, `checkin` and `digest`: reading one's KRs and a team's digest. */

export interface CommandRequest {
  slackUserId: string;
  triggerId: string;
}

const text = (t: string): Reply => ({ text: t });

export async function mine(deps: AppDeps, req: CommandRequest): Promise<Reply> {
  return mineReply(await mineOf(deps, await identify(deps, req.slackUserId)));
}

export function mineReply(r: MineResult): Reply {
  if (r.kind === 'no_cycle') return text(NO_CYCLE);
  if (r.kind === 'owns_nothing') return text(`You own no key results in ${escapeMrkdwn(r.cycleName)}.`);
  return renderMine(r.cycleName, r.week, r.items);
}

/** A KR of the active cycle — or of a named or the most recent closed one: closed cycles stay readable. */
export async function show(deps: AppDeps, key: string, slackUserId: string, cycleName?: string): Promise<Reply> {
  const r = await showKr(deps, slackUserId, key, cycleName);
  if (r.kind === 'no_cycle') return text(r.cycleName ? `No cycle named "${escapeMrkdwn(r.cycleName)}".` : NO_CYCLE);
  if (r.kind === 'no_kr')
    return text(`No key result ${key} in ${escapeMrkdwn(r.cycleName)}. \`/okr mine\` lists yours.`);
  const { cycle: c, kr, checkins } = r;
  const reply = renderShow({
    kr,
    cycleName: c.name,
    checkins,
    decisions: r.decisions,
    weeks: weekCount(c),
    editable: r.editable,
    initiatives: r.initiatives,
  });
  if (!chartsEnabled(deps) || checkins.length === 0) return reply;
  return {
    ...reply,
    followUp: async () =>
      chartFollowUp(
        deps,
        krChart(c, kr, await chartCheckins(deps.db, c, [kr], checkins)),
        `📈 ${escapeMrkdwn(kr.key)} week by week`,
      ),
  };
}

export async function checkin(deps: AppDeps, req: CommandRequest, key?: string): Promise<Reply> {
  if (key) {
    const { cycle, kr } = await activeKr(deps, key);
    if (!cycle) return text(NO_CYCLE);
    if (!kr) return text(`No key result ${key} in ${escapeMrkdwn(cycle.name)}. \`/okr mine\` lists yours.`);
    await identify(deps, req.slackUserId);
    await openCheckinModal(deps, { triggerId: req.triggerId, slackUserId: req.slackUserId, krId: kr.id });
    return null;
  }
  const r = await pendingCheckins(deps, await identify(deps, req.slackUserId));
  if (r.kind === 'no_cycle') return text(NO_CYCLE);
  if (r.kind === 'owns_nothing') return text(`You own no active key results in ${escapeMrkdwn(r.cycleName)}.`);
  if (r.kind === 'no_current_week') return text(`Cycle ${escapeMrkdwn(r.cycleName)} has no current week.`);
  if (r.kind === 'done') return text(`You're all done for week ${r.week}. To edit one: \`/okr checkin O1-KR2\`.`);
  if (r.items.length === 1) {
    await openCheckinModal(deps, { triggerId: req.triggerId, slackUserId: req.slackUserId, krId: r.items[0]!.kr.id });
    return null;
  }
  const shown = r.items.slice(0, LIMITS.messageBlocks - 2);
  const blocks: Block[] = [section(`*Week ${r.week}* · ${r.items.length} key results to check in on:`)];
  for (const i of shown) {
    blocks.push(
      section(`*${i.kr.key}* ${safeText(i.kr.title, 300)}`, {
        accessory: button('Check in', ACTION.homeCheckin, encodePayload({ k: i.kr.id, w: r.week }), 'primary'),
      }),
    );
  }
  if (r.items.length > shown.length) blocks.push(context(`…and ${r.items.length - shown.length} more.`));
  return { text: `${r.items.length} key results to check in on this week.`, blocks };
}

export async function digest(deps: AppDeps, req: CommandRequest, teamName?: string): Promise<Reply> {
  return digestReply(
    await digestPreview(deps, teamName ? undefined : await identify(deps, req.slackUserId), teamName),
    teamName,
  );
}

export function digestReply(r: DigestPreview, teamName?: string): Reply {
  const teams = (names: string[]) => names.map(escapeMrkdwn).join(', ') || 'none yet';
  if (r.kind === 'no_cycle') return text(NO_CYCLE);
  if (r.kind === 'no_such_team')
    return text(`No team named "${escapeMrkdwn(teamName ?? '')}". Teams: ${teams(r.teams)}.`);
  if (r.kind === 'which_team') return text(`Which team? \`/okr digest <team>\` — teams: ${teams(r.teams)}.`);
  if (r.kind === 'no_current_week') return text(`Cycle ${escapeMrkdwn(r.cycleName)} has no current week.`);
  const { cycle: c, team, week } = r;
  const blocks = renderDigestBlocks(
    { teamName: team.name, cycleName: c.name, week, weekRange: weekRangeText(c, week) },
    r.selection,
  );
  blocks.blocks.push(context('Preview — only you can see this. The team channel gets the digest on schedule.'));
  return blocks;
}
