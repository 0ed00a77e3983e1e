import { isCheckinWeek, type Cadence } from './cadence.js';

/**
 * How people answer: on-time streaks, answer rates and time to answer — the figures that show
 * fatigue before people mute the bot. Pure: the store reads the asks (weekly DMs sent, or skipped
 * because everything was already answered) and the answers.
 *
 * - A KR-week is *expected* when its owner was asked that week (an owner out of office, away by
 *   their Slack status, paused or unreachable was not) and it is a check-in week of its team.
 * - It is *answered* when the KR has a check-in for that week (check-ins close with their week, so
 *   every answer is on time).
 * - An owner's week is on time when every KR asked of them that week was answered. The streak
 *   counts such weeks back from the latest; weeks they were not asked neither break nor extend it,
 *   and the week still open does not break it.
 */

export interface AnsweringKr {
  id: number;
  ownerId: number | null;
  teamId: number;
  status: string;
  cadence?: Cadence;
}

export interface Ask {
  personId: number;
  week: number;
  /** When the DM went out; null when it was skipped because everything was already answered. */
  sentAt: string | null;
}

export interface Answer {
  krId: number;
  week: number;
  /** When it was given; null when only "answered" is known (the digest's own reads): no time to answer then. */
  createdAt: string | null;
}

export interface AnsweringFacts {
  krs: AnsweringKr[];
  asks: Ask[];
  answers: Answer[];
}

export interface AnswerRate {
  answered: number;
  expected: number;
  /** answered / expected, or null when nothing was expected yet. */
  rate: number | null;
  /** Median hours from the DM to the answer (0 for answers given before it went out), or null. */
  medianHours: number | null;
}

const HOUR_MS = 3_600_000;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Index {
  asks: Map<string, Ask>;
  answers: Map<string, Answer>;
  krsByOwner: Map<number, AnsweringKr[]>;
  weeksAsked: Map<number, number[]>;
}
// Built once per set of facts: the weekly fan-out asks for thousands of owners' streaks from one read.
const indexes = new WeakMap<AnsweringFacts, Index>();
function index(facts: AnsweringFacts): Index {
  let ix = indexes.get(facts);
  if (ix) return ix;
  const krsByOwner = new Map<number, AnsweringKr[]>();
  for (const k of facts.krs)
    if (k.ownerId !== null) krsByOwner.set(k.ownerId, [...(krsByOwner.get(k.ownerId) ?? []), k]);
  const weeksAsked = new Map<number, number[]>();
  for (const a of facts.asks) weeksAsked.set(a.personId, [...(weeksAsked.get(a.personId) ?? []), a.week]);
  ix = {
    asks: new Map(facts.asks.map((a) => [`${a.personId}/${a.week}`, a])),
    answers: new Map(facts.answers.map((a) => [`${a.krId}/${a.week}`, a])),
    krsByOwner,
    weeksAsked,
  };
  indexes.set(facts, ix);
  return ix;
}

/** Answer rate and median time to answer over the KRs chosen, in weeks 1…upToWeek. */
export function answerRate(
  facts: AnsweringFacts,
  upToWeek: number,
  which: (kr: AnsweringKr) => boolean = () => true,
): AnswerRate {
  const { asks, answers } = index(facts);
  let expected = 0;
  let answered = 0;
  const hours: number[] = [];
  for (const kr of facts.krs) {
    if (kr.ownerId === null || kr.status !== 'active' || !which(kr)) continue;
    for (let w = 1; w <= upToWeek; w++) {
      const ask = asks.get(`${kr.ownerId}/${w}`);
      if (!ask || !isCheckinWeek(kr.cadence, w)) continue;
      expected++;
      const answer = answers.get(`${kr.id}/${w}`);
      if (!answer) continue;
      answered++;
      if (answer.createdAt === null) continue;
      const ms = ask.sentAt ? Date.parse(answer.createdAt) - Date.parse(ask.sentAt) : 0;
      hours.push(Math.max(0, ms) / HOUR_MS);
    }
  }
  return {
    answered,
    expected,
    rate: expected ? answered / expected : null,
    medianHours: median(hours),
  };
}

/** An owner's on-time streak: weeks in a row (of those they were asked) with every KR answered. */
export function onTimeStreak(facts: AnsweringFacts, personId: number, openWeek: number | null): number {
  const { answers, krsByOwner, weeksAsked } = index(facts);
  const mine = (krsByOwner.get(personId) ?? []).filter((k) => k.status === 'active');
  const weeks = [...new Set(weeksAsked.get(personId) ?? [])]
    .filter((w) => openWeek === null || w <= openWeek)
    .sort((a, b) => b - a);
  let streak = 0;
  for (const w of weeks) {
    const asked = mine.filter((k) => isCheckinWeek(k.cadence, w));
    const onTime = asked.length > 0 && asked.every((k) => answers.has(`${k.id}/${w}`));
    if (onTime) streak++;
    else if (w !== openWeek) break; // the open week can still be answered
  }
  return streak;
}

/** Owners with active KRs and no answer since `since` (ISO instant): who has gone quiet. */
export function quietOwners(facts: AnsweringFacts, since: string): number[] {
  const owners = new Set(facts.krs.filter((k) => k.status === 'active' && k.ownerId !== null).map((k) => k.ownerId!));
  const ownerOf = new Map(facts.krs.map((k) => [k.id, k.ownerId]));
  for (const a of facts.answers)
    if (a.createdAt !== null && a.createdAt >= since) owners.delete(ownerOf.get(a.krId) ?? -1);
  return [...owners];
}

/** A run of missed check-in weeks: the closed weeks in a row the owner was asked and left KRs unanswered. */
export interface MissedRun {
  /** Oldest first; the first names the run (one escalation per run). */
  weeks: number[];
  /** The KRs without a check-in in those weeks. */
  krIds: number[];
}

/**
 * The latest run of missed weeks for an owner's KRs (those `which` selects, e.g. one team's),
 * counting closed weeks only (before `openWeek`); null when shorter than `atLeast`.
 */
export function missedRun(
  facts: AnsweringFacts,
  personId: number,
  openWeek: number | null,
  atLeast: number,
  which: (kr: AnsweringKr) => boolean = () => true,
): MissedRun | null {
  const { answers, krsByOwner, weeksAsked } = index(facts);
  const mine = (krsByOwner.get(personId) ?? []).filter((k) => k.status === 'active' && which(k));
  const weeks = [...new Set(weeksAsked.get(personId) ?? [])]
    .filter((w) => openWeek === null || w < openWeek)
    .sort((a, b) => b - a);
  const run: number[] = [];
  const krIds = new Set<number>();
  for (const w of weeks) {
    const asked = mine.filter((k) => isCheckinWeek(k.cadence, w));
    if (asked.length === 0) continue; // nothing of these KRs was asked that week
    const unanswered = asked.filter((k) => !answers.has(`${k.id}/${w}`));
    if (unanswered.length === 0) break;
    run.push(w);
    for (const k of unanswered) krIds.add(k.id);
  }
  return run.length >= atLeast ? { weeks: run.reverse(), krIds: [...krIds] } : null;
}
