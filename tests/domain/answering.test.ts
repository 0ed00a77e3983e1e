import { describe, expect, it } from 'vitest';
import { answerRate, median, onTimeStreak, quietOwners, type AnsweringFacts } from '../../src/domain/answering.js';

const kr = (id: number, ownerId: number, cadence: 'weekly' | 'biweekly' = 'weekly') => ({
  id,
  ownerId,
  teamId: 1,
  status: 'active',
  cadence,
});
const at = (h: number) => new Date(Date.UTC(2027, 0, 4, h)).toISOString();

describe('answering', () => {
  const facts: AnsweringFacts = {
    krs: [kr(1, 10), kr(2, 10), kr(3, 20, 'biweekly')],
    asks: [
      { personId: 10, week: 1, sentAt: at(9) },
      { personId: 10, week: 2, sentAt: null }, // everything answered before the DM
      { personId: 10, week: 4, sentAt: at(9) }, // week 3: away, not asked
      { personId: 10, week: 5, sentAt: at(9) },
      { personId: 20, week: 1, sentAt: at(9) },
      { personId: 20, week: 3, sentAt: at(9) },
    ],
    answers: [
      { krId: 1, week: 1, createdAt: at(10) },
      { krId: 2, week: 1, createdAt: at(12) },
      { krId: 1, week: 2, createdAt: at(1) },
      { krId: 2, week: 2, createdAt: at(1) },
      { krId: 1, week: 4, createdAt: at(9) },
      { krId: 2, week: 4, createdAt: at(15) },
      { krId: 3, week: 1, createdAt: at(11) },
    ],
  };

  it('a streak counts the weeks asked with every KR answered; away weeks and the open week do not break it', () => {
    expect(onTimeStreak(facts, 10, 5)).toBe(3); // weeks 1, 2, 4; week 5 still open
    expect(onTimeStreak(facts, 10, 6)).toBe(0); // week 5 closed unanswered
    expect(onTimeStreak({ ...facts, answers: facts.answers.filter((a) => a.krId !== 2) }, 10, 5)).toBe(0);
    expect(onTimeStreak(facts, 20, 3)).toBe(1); // biweekly: week 1 answered, week 3 open
  });

  it('the answer rate counts KR-weeks asked (a biweekly KR only in its weeks) and the median time to answer', () => {
    const r = answerRate(facts, 4);
    // Expected: owner 10 in weeks 1, 2, 4 × 2 KRs = 6, owner 20 in weeks 1, 3 = 2. Answered: 6 + 1.
    expect(r).toMatchObject({ answered: 7, expected: 8, rate: 7 / 8 });
    // Hours: 1, 3, 0, 0, 0, 6, 2 → median 1.
    expect(r.medianHours).toBe(1);
    expect(answerRate({ ...facts, asks: [] }, 4)).toEqual({ answered: 0, expected: 0, rate: null, medianHours: null });
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('quiet owners: active KRs and no answer since the date', () => {
    expect(quietOwners(facts, at(13))).toEqual([20]);
    expect(quietOwners(facts, at(16))).toEqual([10, 20]);
  });
});
