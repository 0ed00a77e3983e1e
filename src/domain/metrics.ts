import { calibration } from './grading.js';
import type { CheckinInfo, Confidence, KrInfo } from './types.js';

/**
 * The framework's "metrics for success" for one cycle, from data okrbot already holds. Pure.
 * Where data is missing the figure is null with the reason, never a misleading 0 %.
 */

export interface Share {
  value: number | null;
  /** e.g. "7 of 10 graded KRs"; or why there is no figure. */
  basis: string;
}

export interface CycleMetrics {
  completion: Share & { verdict: string | null };
  confidenceAccuracy: Share;
  workLinkage: Share;
  learningCapture: Share;
  answerRate: Share;
}

export interface MetricsInput {
  krs: KrInfo[];
  /** Weekly confidences per KR id, in week order. */
  confidences: ReadonlyMap<number, Confidence[]>;
  /** Linked work per KR id. */
  linked: ReadonlyMap<number, number>;
  /** Weeks of the cycle so far (check-ins that could have been given per live KR). */
  weeksSoFar: number;
}

const share = (part: number, whole: number, what: string, none: string): Share =>
  whole === 0 ? { value: null, basis: none } : { value: part / whole, basis: `${part} of ${whole} ${what}` };

/** The framework expects 60–70 % of stretch KRs to land at ≥ 0.7; far outside that says something. */
export function completionVerdict(rate: number): string {
  if (rate > 0.85) return 'sandbagged: nearly everything landed — the targets were probably too safe';
  if (rate < 0.4) return 'over-reached: most KRs fell short — too many or too ambitious';
  return 'healthy for stretch goals (the framework expects 60–70 %)';
}

/** Weekly confidences per KR id, in the order given (week order when read that way). */
export function confidencesByKr(checkins: ReadonlyArray<Pick<CheckinInfo, 'krId' | 'confidence'>>): Map<number, Confidence[]> {
  const out = new Map<number, Confidence[]>();
  for (const c of checkins) {
    const list = out.get(c.krId);
    if (list) list.push(c.confidence);
    else out.set(c.krId, [c.confidence]);
  }
  return out;
}

export function cycleMetrics(input: MetricsInput): CycleMetrics {
  const live = input.krs.filter((k) => k.status !== 'stopped');
  const graded = live.filter((k) => k.grade !== null);
  const hit = graded.filter((k) => k.grade! >= 0.7).length;
  const completion = share(hit, graded.length, 'graded KRs at 0.7 or more', 'no KR graded yet');
  const calibrated = graded.filter((k) => calibration(input.confidences.get(k.id) ?? [], k.grade).label === 'well calibrated').length;
  const withConfidence = graded.filter((k) => (input.confidences.get(k.id) ?? []).length > 0).length;
  const answered = live.reduce((n, k) => n + Math.min(input.weeksSoFar, (input.confidences.get(k.id) ?? []).length), 0);
  return {
    completion: { ...completion, verdict: completion.value === null ? null : completionVerdict(completion.value) },
    confidenceAccuracy: share(calibrated, withConfidence, 'graded KRs whose weekly confidence matched the grade', 'no graded KR with check-ins yet'),
    workLinkage: share(live.filter((k) => (input.linked.get(k.id) ?? 0) > 0).length, live.length, 'KRs with linked work (framework target 80 %)', 'no KRs'),
    learningCapture: share(graded.filter((k) => k.learning).length, graded.length, 'graded KRs with a learning recorded', 'no KR graded yet'),
    answerRate: share(answered, live.length * input.weeksSoFar, 'weekly check-ins given', 'no week has passed yet'),
  };
}
