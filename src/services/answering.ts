import type { Db } from '../db/client.js';
import type { Cycle, Person } from '../db/schema.js';
import { answerRate, onTimeStreak, type AnswerRate } from '../domain/answering.js';
import { answeringFacts } from '../store/answering.js';
import { memoized, type WorkMemo } from './workMemo.js';

/** Streaks and answer rates (domain/answering.ts) for the surfaces that show them. */

/**
 * A person's on-time streak, as of `openWeek` (the week they are being asked, or their open week);
 * their asks and answers read once per `memo` (a check-in redraws their DM and App Home).
 */
export async function streakOf(
  db: Db,
  cycle: Cycle,
  person: Pick<Person, 'id'>,
  openWeek: number | null,
  memo?: WorkMemo,
): Promise<number> {
  const facts = await memoized(memo, `answering/${cycle.id}/${person.id}`, () =>
    answeringFacts(db, cycle.id, { ownerId: person.id }),
  );
  return onTimeStreak(facts, person.id, openWeek);
}

/** Each team's answer rate and median time to answer, weeks 1…upToWeek. */
export async function answerRatesByTeam(db: Db, cycle: Cycle, upToWeek: number): Promise<Map<number, AnswerRate>> {
  const facts = await answeringFacts(db, cycle.id);
  const teams = new Set(facts.krs.map((k) => k.teamId));
  return new Map([...teams].map((t) => [t, answerRate(facts, upToWeek, (kr) => kr.teamId === t)]));
}
