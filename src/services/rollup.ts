import { adminsOnly } from '../views/access.js';
import type { Cycle } from '../db/schema.js';
import { buildRollup } from '../domain/rollup.js';
import { clampedWeek, weekCount, weekDates } from '../domain/time.js';
import { listCycleConfidences } from '../store/checkins.js';
import { getActiveCycle } from '../store/cycles.js';
import { listDecisionsTaken } from '../store/decisions.js';
import { findDelivery, subjects } from '../store/deliveries.js';
import { listKrInfos } from '../store/keyResults.js';
import { clearStaleRollup, getSetting, listStaleRollups, markRollupStale, setSetting } from '../store/settings.js';
import { teamsInCycle } from '../store/teams.js';
import { renderRollup, type RollupData } from '../views/rollup.js';
import { withChart } from './chartUpload.js';
import { mixChart, type Chart } from './charts.js';
import { weekRangeText } from './weeklyDm.js';
import { postOnce, updatePosted, type DeliverResult, type OutgoingMessage } from './delivery.js';
import type { AppDeps } from './deps.js';
import { answerRatesByTeam } from './answering.js';
import { isAdmin } from './admins.js';
import { successMetricsFor } from './successMetrics.js';

/**
 * The leadership roll-up: one message a week in the leadership channel, after the team digests,
 * updated in place by late check-ins (like the digest); `/okr overview` previews the same message.
 */

export const ROLLUP_PURPOSE = 'rollup';

/** The channel, or null when none was set or it was turned off (stored as ''). */
export async function leadershipChannel(deps: Pick<AppDeps, 'db'>): Promise<string | null> {
  return (await getSetting(deps.db, 'leadership_channel')) || null;
}

/** The one rule for setting it (`/okr leadership channel`, App Home): admins only; `null` turns it off. */
export async function setLeadershipChannel(
  deps: AppDeps,
  slackUserId: string,
  channel: string | null,
): Promise<{ ok: boolean; message: string }> {
  if (!(await isAdmin(deps, slackUserId))) return { ok: false, message: adminsOnly('set the leadership channel') };
  if (channel !== null && !/^[CG][A-Z0-9]{2,}$/.test(channel))
    return {
      ok: false,
      message: 'That is not a channel. Use `/okr leadership channel #channel` (or `off`). Nothing was changed.',
    };
  await setSetting(deps.db, 'leadership_channel', channel ?? '', slackUserId, deps.clock());
  return {
    ok: true,
    message: channel
      ? `The weekly leadership roll-up will be posted in <#${channel}> after the team digests. Invite me there with \`/invite @okrbot\` if I am not in it.`
      : 'The leadership roll-up is off.',
  };
}

export type { RollupData } from '../views/rollup.js';

/** `/okr overview`: this week's roll-up as it stands (after the end date: the last week), and where it goes. */
export async function rollupPreview(
  deps: AppDeps,
): Promise<{ cycle: Cycle; data: RollupData; channel: string | null } | null> {
  const cycle = await getActiveCycle(deps.db);
  if (!cycle) return null;
  const week = Math.max(1, clampedWeek(cycle, deps.clock()));
  return { cycle, data: await rollupData(deps, cycle, week), channel: await leadershipChannel(deps) };
}

/** `final`: the cycle-end roll-up — its last week, with the metrics for success (grades are in). */
export async function rollupData(
  deps: Pick<AppDeps, 'db'>,
  cycle: Cycle,
  week: number,
  options: { final?: boolean } = {},
): Promise<RollupData> {
  const teams = await teamsInCycle(deps.db, cycle.id);
  const krs = await listKrInfos(deps.db, { cycleId: cycle.id });
  const checkins = await listCycleConfidences(deps.db, cycle.id, week - 3, week);
  const rates = await answerRatesByTeam(deps.db, cycle, week);
  const { first, last } = weekDates(cycle, week);
  const built = buildRollup({
    week,
    teams,
    krs,
    checkins,
    decisions: await listDecisionsTaken(deps.db, cycle.id, first, last),
  });
  const rollup = { ...built, teams: built.teams.map((t) => ({ ...t, answerRate: rates.get(t.teamId) })) };
  return {
    cycleName: cycle.name,
    weekRange: weekRangeText(cycle, week),
    rollup,
    ...(options.final && { metrics: await successMetricsFor(deps.db, cycle, krs, { weeksSoFar: weekCount(cycle) }) }),
  };
}

export function rollupChart(cycle: Cycle, data: RollupData): Chart | null {
  if (data.rollup.teams.length === 0) return null;
  return mixChart(
    cycle,
    data.rollup.week,
    data.rollup.teams.map((t) => ({ label: t.teamName, counts: t.mix })),
  );
}

/** The message as posted: text, and the roll-up chart below the heading. */
export async function rollupMessage(
  deps: AppDeps,
  cycle: Cycle,
  week: number,
  options: { final?: boolean } = {},
): Promise<OutgoingMessage> {
  const data = await rollupData(deps, cycle, week, options);
  return withChart(deps, renderRollup(data), rollupChart(cycle, data), 2);
}

/**
 * At the cycle's close (all summaries posted, or `/okr cycle close`): one last roll-up with the
 * grades' metrics for success. Skipped when no leadership channel is set.
 */
export async function postFinalRollup(deps: AppDeps, cycle: Cycle): Promise<DeliverResult> {
  const channel = await leadershipChannel(deps);
  if (!channel) return { status: 'skipped', reason: 'no leadership channel' };
  const claim = { purpose: ROLLUP_PURPOSE, subject: subjects.finalRollup(cycle.id), cycleId: cycle.id };
  return postOnce(deps, claim, { channel }, async () => rollupMessage(deps, cycle, weekCount(cycle), { final: true }));
}

export async function postRollup(deps: AppDeps, cycle: Cycle, week: number, channel: string): Promise<DeliverResult> {
  const claim = { purpose: ROLLUP_PURPOSE, subject: subjects.rollup(cycle.id, week), cycleId: cycle.id, week };
  return postOnce(deps, claim, { channel }, async () => rollupMessage(deps, cycle, week));
}

/** A late check-in (or decision) updates that week's posted roll-up in place. */
export async function refreshRollup(deps: AppDeps, cycle: Cycle, week: number): Promise<void> {
  await updatePosted(deps, ROLLUP_PURPOSE, subjects.rollup(cycle.id, week), async () =>
    rollupMessage(deps, cycle, week),
  );
}

/**
 * A check-in or decision changed a week whose roll-up is posted: the roll-up is redrawn by the
 * scheduler's next tick (within a minute), once for however many changes. It reads the whole cycle
 * (~0.4 s of CPU at 10,000 KRs, a chart besides), far too much to pay on every check-in.
 */
export async function rollupChanged(deps: AppDeps, cycle: Cycle, week: number): Promise<void> {
  if ((await findDelivery(deps.db, ROLLUP_PURPOSE, subjects.rollup(cycle.id, week)))?.state !== 'sent') return;
  await markRollupStale(deps.db, cycle.id, week, deps.clock());
}

/**
 * Redraws the posted roll-ups marked out of date since the last tick; how many. A mark is cleared
 * after its redraw, so a crash in between redraws it on the next tick; marks of a cycle no longer
 * active are cleared without a redraw (its roll-ups are final).
 */
export async function redrawStaleRollups(deps: AppDeps, cycle: Cycle): Promise<number> {
  let redrawn = 0;
  for (const r of await listStaleRollups(deps.db)) {
    if (r.cycleId === cycle.id) {
      await refreshRollup(deps, cycle, r.week);
      redrawn++;
    }
    await clearStaleRollup(deps.db, r.cycleId, r.week, r.markedAt);
  }
  return redrawn;
}
