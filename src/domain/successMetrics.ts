import { answerRate, type AnswerRate, type AnsweringFacts } from './answering.js';
import { calibration, isGradable } from './grading.js';
import { groupBy } from './groupBy.js';
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

export interface GroupShare {
  label: string;
  share: Share;
}

export interface CheckinHealth {
  team: string;
  answerRate: Share;
  /** Median hours from the weekly DM to the answer; null without timed answers. */
  medianHoursToAnswer: number | null;
}

export interface SuccessMetrics {
  completion: Share & { verdict: string | null };
  confidenceAccuracy: Share;
  /** The same, per owner and per team (graded KRs with check-ins only). */
  accuracyByOwner: GroupShare[];
  accuracyByTeam: GroupShare[];
  workLinkage: Share;
  learningCapture: Share;
  /** Objectives (with a graded KR) where at least one KR recorded a learning. */
  objectiveLearning: Share;
  answerRate: Share;
  checkinHealth: CheckinHealth[];
  /** OKR lint findings on the cycle's OKRs as they stand; null when not checked. */
  lintFindings: number | null;
}

export interface MetricsInput {
  krs: KrInfo[];
  /** Weekly confidences per KR id, in week order. */
  confidences: ReadonlyMap<number, Confidence[]>;
  /** Linked work per KR id. */
  linked: ReadonlyMap<number, number>;
  /** Weeks of the cycle so far (check-ins that could have been given per live KR). */
  weeksSoFar: number;
  /** Team names by id (for the per-team figures); teams missing here are not broken down. */
  teams?: ReadonlyMap<number, string>;
  /** The weekly asks and the answers (domain/answering.ts): answer rates and times to answer. */
  answering?: AnsweringFacts;
  lintFindings?: number | null;
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
export function confidencesByKr(
  checkins: ReadonlyArray<Pick<CheckinInfo, 'krId' | 'confidence'>>,
): Map<number, Confidence[]> {
  const out = new Map<number, Confidence[]>();
  for (const c of checkins) {
    const list = out.get(c.krId);
    if (list) list.push(c.confidence);
    else out.set(c.krId, [c.confidence]);
  }
  return out;
}

function objectiveLearning(graded: KrInfo[]): Share {
  const objectives = groupBy(graded, (k) => `${k.teamId}/${k.objectiveKey}`);
  const learned = [...objectives.values()].filter((krs) => krs.some((k) => k.learning)).length;
  return share(learned, objectives.size, 'objectives with a learning recorded on one of their KRs', 'no KR graded yet');
}

/** Graded KRs whose weekly confidence matched their grade ("well calibrated"). */
function accuracyOf(krs: KrInfo[], weekly: (k: KrInfo) => Confidence[]) {
  const timed = krs.filter((k) => k.grade !== null && weekly(k).length > 0);
  const calibrated = timed.filter((k) => calibration(weekly(k), k.grade).label === 'well calibrated').length;
  return share(
    calibrated,
    timed.length,
    'graded KRs whose weekly confidence matched the grade',
    'no graded KR with check-ins yet',
  );
}

/** The one answer rate (domain/answering.ts) as a share: check-ins answered of those asked so far. */
function answerShare(rate: AnswerRate | null): Share {
  if (!rate) return { value: null, basis: 'no check-ins asked yet' };
  return share(rate.answered, rate.expected, 'weekly check-ins answered of those asked', 'no check-ins asked yet');
}

export function successMetrics(input: MetricsInput): SuccessMetrics {
  const live = input.krs.filter(isGradable);
  const graded = live.filter((k) => k.grade !== null);
  const hit = graded.filter((k) => k.grade! >= 0.7).length;
  const completion = share(hit, graded.length, 'graded KRs at 0.7 or more', 'no KR graded yet');
  const weekly = (k: KrInfo) => input.confidences.get(k.id) ?? [];
  const accuracy = (krs: KrInfo[]) => accuracyOf(krs, weekly);
  const rateOf = (krs: KrInfo[]) => {
    const ids = new Set(krs.map((k) => k.id));
    return input.answering ? answerRate(input.answering, input.weeksSoFar, (k) => ids.has(k.id)) : null;
  };
  const teams = input.teams ?? new Map<number, string>();
  const byTeam = groupBy(live, (k) => k.teamId);
  const groups = (by: Map<string, KrInfo[]>) =>
    [...by]
      .filter(([, krs]) => krs.some((k) => k.grade !== null && weekly(k).length > 0))
      .map(([label, krs]) => ({ label, share: accuracy(krs) }));
  return {
    completion: { ...completion, verdict: completion.value === null ? null : completionVerdict(completion.value) },
    confidenceAccuracy: accuracy(graded),
    accuracyByOwner: groups(groupBy(graded, (k) => k.ownerLabel ?? 'no owner')),
    accuracyByTeam: groups(
      new Map([...byTeam].filter(([id]) => teams.has(id)).map(([id, krs]) => [teams.get(id)!, krs])),
    ),
    workLinkage: share(
      live.filter((k) => (input.linked.get(k.id) ?? 0) > 0).length,
      live.length,
      'KRs with linked work (framework target 80 %)',
      'no KRs',
    ),
    learningCapture: share(
      graded.filter((k) => k.learning).length,
      graded.length,
      'graded KRs with a learning recorded',
      'no KR graded yet',
    ),
    objectiveLearning: objectiveLearning(graded),
    answerRate: answerShare(rateOf(live)),
    checkinHealth: [...byTeam]
      .filter(([id]) => teams.has(id))
      .map(([id, krs]) => {
        const rate = rateOf(krs);
        return { team: teams.get(id)!, answerRate: answerShare(rate), medianHoursToAnswer: rate?.medianHours ?? null };
      }),
    lintFindings: input.lintFindings ?? null,
  };
}
