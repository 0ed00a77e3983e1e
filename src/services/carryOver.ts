import { previousCheckinWeek } from '../domain/cadence.js';
import { mayCarryOver } from '../domain/carryOver.js';
import type { CheckinInfo } from '../domain/types.js';
import { getCheckin } from '../store/checkins.js';
import { checkinEligibility, submitCheckin, type SubmitResult } from './checkins.js';
import type { AppDeps } from './deps.js';
import { measuredValues } from './krValues.js';

/**
 * "Same as last week": when a KR's value was read from its source this week and its owner answered
 * last time, the DM offers one click that stores last time's confidence and evidence again (a real
 * check-in, marked as carried over, with this week's measured value) — nothing to type when nothing
 * changed. An unchanged green still counts toward the digest's silent greens, as typed ones do.
 */

export type CarryOverResult =
  | Extract<SubmitResult, { ok: true }>
  | { ok: false; reason: 'not_allowed'; title: string; error: string }
  | { ok: false; reason: 'already_answered' | 'nothing_to_carry' };

export async function carryOver(
  deps: AppDeps,
  slackUserId: string,
  krId: number,
  week: number,
): Promise<CarryOverResult> {
  const may = await checkinEligibility(deps, slackUserId, krId, week);
  if (!may.ok) return { ok: false, reason: 'not_allowed', title: may.title, error: may.error };
  if (await getCheckin(deps.db, krId, week)) return { ok: false, reason: 'already_answered' };
  const before = previousCheckinWeek(may.kr.cadence, week);
  const previous = before === null ? undefined : await getCheckin(deps.db, krId, before);
  const measured = (await measuredValues(deps.db, [may.kr])).get(krId);
  const last: CheckinInfo | null = previous
    ? { ...previous, confidence: previous.confidence as 0 | 1 | 2, carriedOver: previous.carriedOver === 1 }
    : null;
  if (!last || !mayCarryOver(may.cycle, week, last, measured)) return { ok: false, reason: 'nothing_to_carry' };
  const result = await submitCheckin(deps, {
    slackUserId,
    krId,
    week,
    confidence: last.confidence,
    evidence: last.evidence,
    risks: last.risks,
    nextAction: last.nextAction,
    value: measured!.value,
    carriedOver: true,
  });
  return result.ok ? result : { ok: false, reason: 'not_allowed', title: 'Not saved', error: result.error };
}
