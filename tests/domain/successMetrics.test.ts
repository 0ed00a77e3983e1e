import { describe, expect, it } from 'vitest';
import { successMetrics } from '../../src/domain/successMetrics.js';
import type { KrInfo } from '../../src/domain/types.js';

const kr = (id: number, over: Partial<KrInfo> = {}): KrInfo => ({
  id,
  key: `O1-KR${id}`,
  title: `KR ${id}`,
  objectiveKey: 'O1',
  objectiveTitle: 'O',
  teamId: 1,
  ownerId: 1,
  ownerLabel: 'Ana',
  status: 'active',
  baseline: 0,
  target: 10,
  unit: null,
  currentValue: null,
  grade: null,
  stoppedAt: null,
  learning: null,
  measurement: null,
  source: null,
  ...over,
});

describe('the framework’s metrics for success', () => {
  it('says there is no data instead of 0 % on a new cycle', () => {
    const m = successMetrics({ krs: [kr(1), kr(2)], confidences: new Map(), linked: new Map(), weeksSoFar: 0 });
    expect(m.completion).toEqual({ value: null, basis: 'no KR graded yet', verdict: null });
    expect(m.answerRate).toEqual({ value: null, basis: 'no check-ins asked yet' });
    expect(m.workLinkage).toEqual({ value: 0, basis: '0 of 2 KRs with linked work (framework target 80 %)' });
  });

  it('computes completion with a verdict, accuracy, linkage, learnings and answer rate; stopped KRs left out', () => {
    const krs = [
      kr(1, { grade: 0.8, learning: 'x' }),
      kr(2, { grade: 0.7 }),
      kr(3, { grade: 0.3, learning: 'y' }),
      kr(4, { grade: 0.9 }),
      kr(5, { status: 'stopped', grade: 0.1 }),
    ];
    const confidences = new Map([
      [1, [2, 2, 1]],
      [2, [1, 1]],
      [3, [2, 2, 2]],
      [4, [2]],
    ] as Array<[number, Array<0 | 1 | 2>]>);
    const m = successMetrics({
      krs,
      confidences,
      linked: new Map([
        [1, 2],
        [3, 1],
      ]),
      weeksSoFar: 3,
      // Asked every week 1–3 (owner 1 owns them all); answered as the confidences say.
      answering: {
        krs,
        asks: [1, 2, 3].map((week) => ({ personId: 1, week, sentAt: '2027-01-04T09:00:00.000Z' })),
        answers: [...confidences].flatMap(([krId, cs]) =>
          cs.map((_, i) => ({ krId, week: i + 1, createdAt: '2027-01-04T10:00:00.000Z' })),
        ),
      },
    });
    expect(m.completion).toMatchObject({
      value: 0.75,
      basis: '3 of 4 graded KRs at 0.7 or more',
      verdict: expect.stringContaining('healthy'),
    });
    expect(m.confidenceAccuracy).toMatchObject({ value: 0.75 }); // KR3 was confident but missed
    expect(m.workLinkage).toMatchObject({ value: 0.5 });
    expect(m.learningCapture).toMatchObject({ value: 0.5 });
    expect(m.objectiveLearning).toEqual({
      value: 1,
      basis: '1 of 1 objectives with a learning recorded on one of their KRs',
    });
    // KR 5 is stopped: not asked. 9 of the 12 KR-weeks asked were answered.
    expect(m.answerRate).toMatchObject({ value: 9 / 12, basis: '9 of 12 weekly check-ins answered of those asked' });
  });

  it('breaks accuracy down per owner and per team, and gives each team its answer rate and median time to answer', () => {
    const krs = [
      kr(1, { grade: 0.8, ownerLabel: 'Ana' }),
      kr(2, { grade: 0.2, ownerLabel: 'Ben', teamId: 2 }),
      kr(3, { grade: 0.9, ownerLabel: 'Ana', teamId: 2 }),
      kr(4, { teamId: 3 }),
    ];
    const confidences = new Map([
      [1, [2, 2]],
      [2, [2, 2]],
      [3, [2]],
    ] as Array<[number, Array<0 | 1 | 2>]>);
    const m = successMetrics({
      krs,
      confidences,
      linked: new Map(),
      weeksSoFar: 2,
      teams: new Map([
        [1, 'Discovery'],
        [2, 'Platform'],
        [3, 'Growth'],
      ]),
      // The owner asked weeks 1–2 at 09:00; answers 2 h and 4 h later (Discovery), 3 h, 1 h, 30 h (Platform).
      answering: {
        krs,
        asks: [1, 2].map((week) => ({ personId: 1, week, sentAt: `2027-01-0${week === 1 ? 4 : 5}T09:00:00.000Z` })),
        answers: [
          { krId: 1, week: 1, createdAt: '2027-01-04T11:00:00.000Z' },
          { krId: 1, week: 2, createdAt: '2027-01-05T13:00:00.000Z' },
          { krId: 2, week: 1, createdAt: '2027-01-04T12:00:00.000Z' },
          { krId: 2, week: 2, createdAt: '2027-01-05T10:00:00.000Z' },
          { krId: 3, week: 1, createdAt: '2027-01-05T15:00:00.000Z' },
        ],
      },
      lintFindings: 2,
    });
    expect(m.accuracyByOwner).toEqual([
      { label: 'Ana', share: { value: 1, basis: '2 of 2 graded KRs whose weekly confidence matched the grade' } },
      { label: 'Ben', share: { value: 0, basis: '0 of 1 graded KRs whose weekly confidence matched the grade' } },
    ]);
    // Growth has no graded KR with check-ins: no figure rather than 0 %.
    expect(m.accuracyByTeam.map((g) => [g.label, g.share.value])).toEqual([
      ['Discovery', 1],
      ['Platform', 0.5],
    ]);
    expect(m.checkinHealth).toEqual([
      {
        team: 'Discovery',
        answerRate: { value: 1, basis: '2 of 2 weekly check-ins answered of those asked' },
        medianHoursToAnswer: 3,
      },
      {
        team: 'Platform',
        answerRate: { value: 0.75, basis: '3 of 4 weekly check-ins answered of those asked' },
        medianHoursToAnswer: 3,
      },
      {
        team: 'Growth',
        answerRate: { value: 0, basis: '0 of 2 weekly check-ins answered of those asked' },
        medianHoursToAnswer: null,
      },
    ]);
    expect(m.lintFindings).toBe(2);
    expect(successMetrics({ krs, confidences, linked: new Map(), weeksSoFar: 2 }).lintFindings).toBeNull();
  });
});
