import { isCheckinWeek, type Cadence } from './cadence.js';
import { groupBy } from './groupBy.js';

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

/** One number per (id, week): map keys without building a string per lookup (weeks stay below 1,024). */
const at = (id: number, week: number) => id * 1024 + week;

interface Index {
  asks: Map<number, Ask>;
  answers: Set<number>;
  answerTimes: Map<number, string>;
  krsByOwner: Map<number, AnsweringKr[]>;
  asksByPerson: Map<number, Ask[]>;
}
// Each list is indexed once, by identity: the weekly fan-out asks for thousands of owners' streaks
// from one read, and the digests of every team take one rate each from the same asks and answers
// (`{ ...facts, krs: teamKrs }` reuses them).
const askIndexes = new WeakMap<readonly Ask[], Pick<Index, 'asks' | 'asksByPerson'>>();
const answerIndexes = new WeakMap<readonly Answer[], Pick<Index, 'answers' | 'answerTimes'>>();
const ownerIndexes = new WeakMap<readonly AnsweringKr[], Map<number, AnsweringKr[]>>();

function index(facts: AnsweringFacts): Index {
  let asked = askIndexes.get(facts.asks);
  if (!asked) {
    asked = {
      asks: new Map(facts.asks.map((a) => [at(a.personId, a.week), a])),
      asksByPerson: groupBy(facts.asks, (a) => a.personId),
    };
    askIndexes.set(facts.asks, asked);
  }
  let answered = answerIndexes.get(facts.answers);
  if (!answered) {
    answered = { answers: new Set(), answerTimes: new Map() };
    for (const a of facts.answers) {
      answered.answers.add(at(a.krId, a.week));
      if (a.createdAt !== null) answered.answerTimes.set(at(a.krId, a.week), a.createdAt);
    }
    answerIndexes.set(facts.answers, answered);
  }
  let krsByOwner = ownerIndexes.get(facts.krs);
  if (!krsByOwner) {
    krsByOwner = groupBy(
      facts.krs.filter((k) => k.ownerId !== null),
      (k) => k.ownerId!,
    );
    ownerIndexes.set(facts.krs, krsByOwner);
  }
  return { ...asked, ...answered, krsByOwner };
}

/** Answer rate and median time to answer over the KRs chosen, in weeks 1…upToWeek. */
export function answerRate(
  facts: AnsweringFacts,
  upToWeek: number,
  which: (kr: AnsweringKr) => boolean = () => true,
): AnswerRate {
  const { asks, answers, answerTimes } = index(facts);
  let expected = 0;
  let answered = 0;
  const hours: number[] = [];
  for (const kr of facts.krs) {
    if (kr.ownerId === null || kr.status !== 'active' || !which(kr)) continue;
    for (let w = 1; w <= upToWeek; w++) {
      const ask = asks.get(at(kr.ownerId, w));
      if (!ask || !isCheckinWeek(kr.cadence, w)) continue;
      expected++;
      if (!answers.has(at(kr.id, w))) continue;
      answered++;
      const answeredAt = answerTimes.get(at(kr.id, w));
      if (answeredAt === undefined) continue;
      const ms = ask.sentAt ? Date.parse(answeredAt) - Date.parse(ask.sentAt) : 0;
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
  const { answers, krsByOwner, asksByPerson } = index(facts);
  const mine = (krsByOwner.get(personId) ?? []).filter((k) => k.status === 'active');
  const weeks = [...new Set((asksByPerson.get(personId) ?? []).map((a) => a.week))]
    .filter((w) => openWeek === null || w <= openWeek)
    .sort((a, b) => b - a);
  let streak = 0;
  for (const w of weeks) {
    const asked = mine.filter((k) => isCheckinWeek(k.cadence, w));
    const onTime = asked.length > 0 && asked.every((k) => answers.has(at(k.id, w)));
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
  const { answers, krsByOwner, asksByPerson } = index(facts);
  const mine = (krsByOwner.get(personId) ?? []).filter((k) => k.status === 'active' && which(k));
  const weeks = [...new Set((asksByPerson.get(personId) ?? []).map((a) => a.week))]
    .filter((w) => openWeek === null || w < openWeek)
    .sort((a, b) => b - a);
  const run: number[] = [];
  const krIds = new Set<number>();
  for (const w of weeks) {
    const asked = mine.filter((k) => isCheckinWeek(k.cadence, w));
    if (asked.length === 0) continue; // nothing of these KRs was asked that week
    const unanswered = asked.filter((k) => !answers.has(at(k.id, w)));
    if (unanswered.length === 0) break;
    run.push(w);
    for (const k of unanswered) krIds.add(k.id);
  }
  return run.length >= atLeast ? { weeks: run.reverse(), krIds: [...krIds] } : null;
}
