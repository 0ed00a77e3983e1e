import type { SubmitResult } from './checkins.js';
import type { AppDeps } from './deps.js';
import type { WorkMemo } from './workMemo.js';
import { publishHome } from './home.js';
import { slackIdOf } from './people.js';
import { rollupChanged } from './rollup.js';
import { refreshTeamDigest } from './teamDigest.js';
import { refreshCheckinMessage } from './weeklyDm.js';

/** After a recorded check-in: update the DM in place, re-publish the App Home of those involved, then the digest and roll-up. */
export async function afterCheckin(
  deps: AppDeps,
  result: Extract<SubmitResult, { ok: true }>,
  actorSlackId: string,
): Promise<void> {
  if (!result.changed) return;
  // The owner's asks and answers (their streak) and the team's digest are read once for the DM, the
  // App Homes and the channel's copy: they show the same state.
  const memo: WorkMemo = new Map();
  await refreshCheckinMessage(deps, result.cycle, result.ownerId, result.week, { krId: result.kr.id }, memo);
  const ownerSlackId = await slackIdOf(deps, result.ownerId);
  await publishHome(deps, actorSlackId, memo);
  if (ownerSlackId && ownerSlackId !== actorSlackId) await publishHome(deps, ownerSlackId, memo);
  // Last: this redraws a chart (a second or so) and concerns the channel, not the person waiting.
  await refreshTeamDigest(deps, result.cycle, result.kr.teamId, result.week, memo);
  // The leaders' roll-up reads the whole cycle: redrawn by the next tick, once for all changes.
  await rollupChanged(deps, result.cycle, result.week);
}
