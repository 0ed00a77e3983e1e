import type { SubmitResult } from './checkins.js';
import type { AppDeps } from './deps.js';
import type { DigestMemo } from './digest.js';
import { publishHome } from './home.js';
import { slackIdOf } from './people.js';
import { refreshRollup } from './rollup.js';
import { refreshTeamDigest } from './teamDigest.js';
import { refreshCheckinMessage } from './weeklyDm.js';

/** After a recorded check-in: update the DM in place, re-publish the App Home of those involved, then the digest and roll-up. */
export async function afterCheckin(
  deps: AppDeps,
  result: Extract<SubmitResult, { ok: true }>,
  actorSlackId: string,
): Promise<void> {
  if (!result.changed) return;
  await refreshCheckinMessage(deps, result.cycle, result.ownerId, result.week, { krId: result.kr.id });
  const ownerSlackId = await slackIdOf(deps, result.ownerId);
  // The team's digest is built once for the App Homes and the channel's copy (the same selection).
  const digests: DigestMemo = new Map();
  await publishHome(deps, actorSlackId, digests);
  if (ownerSlackId && ownerSlackId !== actorSlackId) await publishHome(deps, ownerSlackId, digests);
  // Last: these redraw a chart (a second or so) and concern the channel, not the person waiting.
  await refreshTeamDigest(deps, result.cycle, result.kr.teamId, result.week, digests);
  await refreshRollup(deps, result.cycle, result.week);
}
