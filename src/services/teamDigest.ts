import { and, eq, inArray } from 'drizzle-orm';
import type { Cycle, Team } from '../db/schema.js';
import { deliveries } from '../db/schema.js';
import { listKrInfos } from '../store/keyResults.js';
import { findDelivery, subjects, TRANSIENT_ERRORS } from '../store/deliveries.js';
import { getTeam } from '../store/teams.js';
import { renderDigestBlocks } from '../views/digestBlocks.js';
import { CHECKIN_PURPOSE, weekRangeText } from './checkins.js';
import { deliver, type DeliverResult } from './delivery.js';
import { slackErrorCode, type AppDeps } from './deps.js';
import { buildTeamDigest } from './digest.js';

/** The at-risk digest in a team channel: posted once per team per week, updated in place after. */

export const DIGEST_PURPOSE = 'digest';

/** Owners whose check-in DM for the week failed for good ("could not reach"). */
export function unreachableOwners(deps: Pick<AppDeps, 'db'>, cycle: Cycle, week: number, ownerIds: number[]): Set<number> {
  if (ownerIds.length === 0) return new Set();
  const rows = deps.db
    .select({ personId: deliveries.personId, error: deliveries.error })
    .from(deliveries)
    .where(and(eq(deliveries.purpose, CHECKIN_PURPOSE), eq(deliveries.cycleId, cycle.id), eq(deliveries.week, week), eq(deliveries.state, 'failed'), inArray(deliveries.personId, ownerIds)))
    .all();
  return new Set(rows.filter((r) => r.error && !TRANSIENT_ERRORS.includes(r.error)).map((r) => r.personId!));
}

export function renderTeamDigest(deps: Pick<AppDeps, 'db'>, cycle: Cycle, team: Team, week: number) {
  const ownerIds = [...new Set(listKrInfos(deps.db, { cycleId: cycle.id, teamId: team.id }).map((k) => k.ownerId).filter((id): id is number => id !== null))];
  const selection = buildTeamDigest(deps.db, cycle, team, week, unreachableOwners(deps, cycle, week, ownerIds));
  return renderDigestBlocks({ teamName: team.name, cycleName: cycle.name, week, weekRange: weekRangeText(cycle, week) }, selection);
}

export async function postTeamDigest(deps: AppDeps, cycle: Cycle, team: Team, week: number): Promise<DeliverResult> {
  const channel = team.digestChannel!;
  return deliver(deps, { purpose: DIGEST_PURPOSE, subject: subjects.digest(cycle.id, team.id, week), cycleId: cycle.id, teamId: team.id, week }, async () => {
    const message = renderTeamDigest(deps, cycle, team, week);
    const res = await deps.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
    return { channel: res.channel!, ts: res.ts! };
  });
}

/** A check-in that arrives after the digest was posted updates that digest in place. */
export async function refreshTeamDigest(deps: AppDeps, cycle: Cycle, teamId: number, week: number): Promise<void> {
  const posted = findDelivery(deps.db, DIGEST_PURPOSE, subjects.digest(cycle.id, teamId, week));
  if (posted?.state !== 'sent' || !posted.channel || !posted.ts) return;
  const team = getTeam(deps.db, teamId);
  if (!team) return;
  const message = renderTeamDigest(deps, cycle, team, week);
  try {
    await deps.client.chat.update({ channel: posted.channel, ts: posted.ts, text: message.text, blocks: message.blocks });
  } catch (e) {
    deps.logger.warn('could not update digest', { teamId, week, error: slackErrorCode(e) });
  }
}
