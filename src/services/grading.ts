import type { Cycle, Team } from '../db/schema.js';
import { trendFor } from '../domain/digest.js';
import { calibration, isGradable, objectiveScore, parseGrade } from '../domain/grading.js';
import { cycleWeek, weekCount } from '../domain/time.js';
import { confidencesByKr } from '../domain/successMetrics.js';
import type { KrInfo } from '../domain/types.js';
import { successMetricsFor } from './successMetrics.js';
import { teamStripChart } from './teamDigest.js';
import { postFinalRollup } from './rollup.js';
import { listCheckins } from '../store/checkins.js';
import { getActiveCycle, setCycleState } from '../store/cycles.js';
import { gradeKr, listDecisions } from '../store/decisions.js';
import { findDelivery, subjects } from '../store/deliveries.js';
import { listKrInfos, getKrInfoById } from '../store/keyResults.js';
import { safeText } from '../views/blocks.js';
import { renderCycleSummary, renderGradeRequest, type GradeItem, type SummaryData } from '../views/grading.js';
import { DECISION_EMOJI, DECISION_LABEL } from '../views/midcycle.js';
import { plainText } from './checkins.js';
import { mayActOn } from './access.js';
import { ownerOrAdminOnly } from '../views/access.js';
import { withChart } from './chartUpload.js';
import { postOnce, updatePosted, type DeliverResult } from './delivery.js';
import type { AppDeps } from './deps.js';
import { personForSlackUser } from './people.js';
import { publishHome } from './home.js';

/** End of cycle: ask owners to grade, take grades, summarise each team, close the cycle. */

export const GRADE_PURPOSE = 'grade-request';
export const SUMMARY_PURPOSE = 'summary';

export async function gradeItems(deps: Pick<AppDeps, 'db'>, cycle: Cycle, krs: KrInfo[]): Promise<GradeItem[]> {
  const checkins = await listCheckins(
    deps.db,
    krs.map((k) => k.id),
  );
  const weeks = weekCount(cycle);
  return krs.map((kr) => {
    const mine = checkins.filter((c) => c.krId === kr.id);
    return { kr, trend: trendFor(mine, weeks, undefined, kr.cadence), last: mine.at(-1) ?? null };
  });
}

/** KRs an owner grades: everything they own in the cycle except stopped ones. */
export async function ownerGradeItems(deps: Pick<AppDeps, 'db'>, cycle: Cycle, personId: number): Promise<GradeItem[]> {
  return gradeItems(
    deps,
    cycle,
    (await listKrInfos(deps.db, { cycleId: cycle.id, ownerId: personId })).filter(isGradable),
  );
}

export async function sendGradeRequest(
  deps: AppDeps,
  cycle: Cycle,
  personId: number,
): Promise<DeliverResult | { status: 'skipped' }> {
  const items = await ownerGradeItems(deps, cycle, personId);
  if (items.length === 0) return { status: 'skipped' };
  return postOnce(
    deps,
    { purpose: GRADE_PURPOSE, subject: subjects.gradeRequest(cycle.id, personId), cycleId: cycle.id, personId },
    { personId },
    () => renderGradeRequest(cycle.name, items),
  );
}

export async function refreshGradeRequest(deps: AppDeps, cycle: Cycle, personId: number): Promise<void> {
  await updatePosted(deps, GRADE_PURPOSE, subjects.gradeRequest(cycle.id, personId), async () =>
    renderGradeRequest(cycle.name, await ownerGradeItems(deps, cycle, personId)),
  );
}

export type GradeResult = { ok: true; kr: KrInfo; grade: number } | { ok: false; error: string };

/** Grades a KR of the given cycle (active, or just ended and not yet closed). */
export async function submitGrade(
  deps: AppDeps,
  cycle: Cycle,
  slackUserId: string,
  krId: number,
  raw: string,
  learning?: string | null,
): Promise<GradeResult> {
  const parsed = parseGrade(raw);
  if (!parsed.ok) return { ok: false, error: `${parsed.error}.` };
  const kr = await getKrInfoById(deps.db, cycle.id, krId);
  if (!kr) return { ok: false, error: 'That key result is not part of this cycle.' };
  if (!(await mayActOn(deps, slackUserId, kr))) return { ok: false, error: ownerOrAdminOnly(kr.key, 'grade it') };
  if (!isGradable(kr))
    return { ok: false, error: `${kr.key} is stopped: it needs no grade and counts in no objective's score.` };
  await gradeKr(
    deps.db,
    kr.id,
    parsed.grade,
    (await personForSlackUser(deps.db, slackUserId)).id,
    deps.clock(),
    learning ? plainText(learning).slice(0, 3000) : null,
  );
  return { ok: true, kr, grade: parsed.grade };
}

export type GradeForm = { kind: 'closed' } | { kind: 'not_owner'; krKey: string } | { kind: 'ok'; item: GradeItem };

/** What the Grade button opens: the form for a KR of the active cycle, if this person may grade it. */
export async function gradeFormFor(deps: AppDeps, slackUserId: string, krId: number | null): Promise<GradeForm> {
  const cycle = await getActiveCycle(deps.db);
  const kr = cycle && krId ? await getKrInfoById(deps.db, cycle.id, krId) : undefined;
  if (!cycle || !kr) return { kind: 'closed' };
  if (!(await mayActOn(deps, slackUserId, kr))) return { kind: 'not_owner', krKey: kr.key };
  return { kind: 'ok', item: (await gradeItems(deps, cycle, [kr]))[0]! };
}

/** The grade form's submission, in the active cycle (closed: nothing to grade any more). */
export async function gradeInActiveCycle(
  deps: AppDeps,
  slackUserId: string,
  krId: number,
  raw: string,
  learning: string | null,
): Promise<(GradeResult & { cycle: Cycle }) | { ok: false; closed: true }> {
  const cycle = await getActiveCycle(deps.db);
  if (!cycle || !krId) return { ok: false, closed: true };
  return { ...(await submitGrade(deps, cycle, slackUserId, krId, raw, learning)), cycle };
}

/** An objective's score with a KR's siblings (the `/okr grade` answer): stopped KRs left out by the rule. */
export async function objectiveStanding(
  deps: Pick<AppDeps, 'db'>,
  cycle: Cycle,
  objectiveKey: string,
): Promise<{ score: number | null; graded: number; total: number }> {
  const siblings = (await listKrInfos(deps.db, { cycleId: cycle.id })).filter(
    (k) => k.objectiveKey === objectiveKey && isGradable(k),
  );
  return {
    score: objectiveScore(siblings),
    graded: siblings.filter((k) => k.grade !== null).length,
    total: siblings.length,
  };
}

/**
 * After a grade, from any surface (`/okr grade` or the modal): the owner's grade DM shows what is
 * left to grade, and the grader's Home is re-published.
 */
export async function afterGrade(deps: AppDeps, cycle: Cycle, kr: KrInfo, actorSlackId: string): Promise<void> {
  if (kr.ownerId !== null) await refreshGradeRequest(deps, cycle, kr.ownerId);
  await publishHome(deps, actorSlackId);
}

/** The cycle week a stopped KR was stopped in (the team's zone), clamped to the cycle. */
function stoppedWeek(cycle: Cycle, team: Team, kr: KrInfo): number | null {
  if (kr.status !== 'stopped' || !kr.stoppedAt) return null;
  if (kr.stoppedAt.slice(0, 10) < cycle.startDate) return 1;
  return cycleWeek(cycle, kr.stoppedAt, team.timezone) ?? weekCount(cycle);
}

export async function summaryData(deps: Pick<AppDeps, 'db'>, cycle: Cycle, team: Team): Promise<SummaryData> {
  const krs = await listKrInfos(deps.db, { cycleId: cycle.id, teamId: team.id });
  const checkins = await listCheckins(
    deps.db,
    krs.map((k) => k.id),
  );
  const objectives = new Map<string, SummaryData['objectives'][number]>();
  const decisions: string[] = [];
  const confidences = confidencesByKr(checkins);
  for (const kr of krs) {
    if (!objectives.has(kr.objectiveKey))
      objectives.set(kr.objectiveKey, { key: kr.objectiveKey, title: kr.objectiveTitle, score: null, rows: [] });
    const cal = calibration(confidences.get(kr.id) ?? [], kr.grade);
    objectives.get(kr.objectiveKey)!.rows.push({
      kr,
      meanConfidence: cal.meanConfidence,
      calibration: cal.label,
      stoppedWeek: stoppedWeek(cycle, team, kr),
    });
    for (const d of (await listDecisions(deps.db, kr.id)).filter((x) => x.status === 'confirmed')) {
      decisions.push(
        `${DECISION_EMOJI[d.kind]} *${DECISION_LABEL[d.kind]}* ${kr.key} (${d.decidedAt.slice(0, 10)}) — ${safeText(d.rationale, 300)}`,
      );
    }
  }
  for (const o of objectives.values()) o.score = objectiveScore(o.rows.map((r) => r.kr));
  const learnings = krs.filter((k) => k.learning).map((k) => `• *${k.key}*: ${safeText(k.learning!, 400)}`);
  const metrics = await successMetricsFor(deps.db, cycle, krs, { weeksSoFar: weekCount(cycle), checkins });
  return {
    teamName: team.name,
    cycleName: cycle.name,
    objectives: [...objectives.values()],
    decisions,
    learnings,
    metrics,
  };
}

export async function teamFullyGraded(deps: Pick<AppDeps, 'db'>, cycle: Cycle, team: Team): Promise<boolean> {
  return (await listKrInfos(deps.db, { cycleId: cycle.id, teamId: team.id }))
    .filter((k) => k.status !== 'stopped')
    .every((k) => k.grade !== null);
}

export async function postSummary(deps: AppDeps, cycle: Cycle, team: Team): Promise<DeliverResult> {
  const claim = {
    purpose: SUMMARY_PURPOSE,
    subject: subjects.summary(cycle.id, team.id),
    cycleId: cycle.id,
    teamId: team.id,
  };
  return postOnce(deps, claim, { channel: team.digestChannel! }, async () =>
    withChart(
      deps,
      renderCycleSummary(await summaryData(deps, cycle, team)),
      await teamStripChart(deps, cycle, team, weekCount(cycle), { withStopped: true }),
      2,
    ),
  );
}

export async function summaryPosted(deps: Pick<AppDeps, 'db'>, cycle: Cycle, team: Team): Promise<boolean> {
  const d = await findDelivery(deps.db, SUMMARY_PURPOSE, subjects.summary(cycle.id, team.id));
  return d !== undefined && d.state !== 'claimed' && !(d.state === 'failed' && d.error === 'ratelimited');
}

/** `/okr cycle close`: post every team's summary now (once), then close the cycle. */
export async function closeCycleNow(deps: AppDeps, cycle: Cycle, teams: Team[]): Promise<string[]> {
  const notes: string[] = [];
  for (const team of teams) {
    if (!team.digestChannel) {
      notes.push(`${team.name}: no digest channel, no summary posted`);
      continue;
    }
    if (!(await listKrInfos(deps.db, { cycleId: cycle.id, teamId: team.id })).some((k) => k.grade !== null)) {
      // A summary of nothing (a cycle closed right after it started) would only be noise.
      notes.push(`${team.name}: nothing graded, no summary posted`);
      continue;
    }
    const r = await postSummary(deps, cycle, team);
    notes.push(
      `${team.name}: ${r.status === 'sent' ? 'summary posted' : r.status === 'skipped' ? 'summary already posted' : `summary failed (${r.error})`}`,
    );
  }
  const final = await postFinalRollup(deps, cycle);
  if (final.status === 'sent') notes.push('leadership: cycle-end roll-up posted');
  else if (final.status !== 'skipped') notes.push(`leadership: cycle-end roll-up failed (${final.error})`);
  await setCycleState(deps.db, cycle.id, 'closed');
  return notes;
}
