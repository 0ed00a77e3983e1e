import type { Cycle } from '../db/schema.js';
import { chartFollowUp, chartsEnabled } from '../services/chartUpload.js';
import type { AppDeps } from '../services/deps.js';
import {
  leadershipChannel,
  rollupChart,
  rollupPreview,
  setLeadershipChannel,
  type RollupData,
} from '../services/rollup.js';
import { context, LIMITS } from '../views/blocks.js';
import { renderRollup } from '../views/rollup.js';
import { NO_CYCLE, type Reply } from './commandReply.js';

/** `/okr overview` and `/okr leadership …`: the leadership roll-up from Slack. */

/** This week's roll-up as it stands, only for the asker; the chart follows the text. */
export async function overview(deps: AppDeps): Promise<Reply> {
  const preview = await rollupPreview(deps);
  if (!preview) return { text: NO_CYCLE };
  const { cycle, data, channel } = preview;
  const message = renderRollup(data);
  const note = channel
    ? `Preview — posted weekly in <#${channel}> after the team digests.`
    : 'Preview — no leadership channel is set (`/okr leadership channel #channel`).';
  const reply = { text: message.text, blocks: [...message.blocks, context(note)].slice(0, LIMITS.messageBlocks) };
  if (!chartsEnabled(deps) || data.rollup.teams.length === 0) return reply;
  return { ...reply, followUp: async () => chartReply(deps, cycle, data) };
}

async function chartReply(deps: AppDeps, cycle: Cycle, data: RollupData): Promise<Reply> {
  return chartFollowUp(deps, rollupChart(cycle, data), `📊 All teams, week ${data.rollup.week}`);
}

export async function leadership(
  deps: AppDeps,
  slackUserId: string,
  channel: string | null | undefined,
): Promise<Reply> {
  if (channel === undefined) {
    const current = await leadershipChannel(deps);
    return {
      text: current
        ? `The leadership roll-up goes to <#${current}>. Change it with \`/okr leadership channel #channel\` (admins).`
        : 'No leadership channel is set. An admin can set one with `/okr leadership channel #channel`.',
    };
  }
  // The service's messages are our own words and a channel link: nothing user-written to escape.
  return { text: (await setLeadershipChannel(deps, slackUserId, channel)).message };
}
