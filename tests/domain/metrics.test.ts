import { describe, expect, it } from 'vitest';
import { cycleMetrics } from '../../src/domain/metrics.js';
import type { KrInfo } from '../../src/domain/types.js';

const kr = (id: number, over: Partial<KrInfo> = {}): KrInfo => ({
  id, key: `O1-KR${id}`, title: `KR ${id}`, objectiveKey: 'O1', objectiveTitle: 'O', teamId: 1, ownerId: 1, ownerLabel: 'Ana', status: 'active',
  baseline: 0, target: 10, unit: null, currentValue: null, grade: null, stoppedAt: null, learning: null, measurement: null, ...over,
});

describe('the framework’s metrics for success', () => {
  it('says there is no data instead of 0 % on a new cycle', () => {
    const m = cycleMetrics({ krs: [kr(1), kr(2)], confidences: new Map(), linked: new Map(), weeksSoFar: 0 });
    expect(m.completion).toEqual({ value: null, basis: 'no KR graded yet', verdict: null });
    expect(m.answerRate).toEqual({ value: null, basis: 'no week has passed yet' });
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
    const confidences = new Map([[1, [2, 2, 1]], [2, [1, 1]], [3, [2, 2, 2]], [4, [2]]] as Array<[number, Array<0 | 1 | 2>]>);
    const m = cycleMetrics({ krs, confidences, linked: new Map([[1, 2], [3, 1]]), weeksSoFar: 3 });
    expect(m.completion).toMatchObject({ value: 0.75, basis: '3 of 4 graded KRs at 0.7 or more', verdict: expect.stringContaining('healthy') });
    expect(m.confidenceAccuracy).toMatchObject({ value: 0.75 }); // KR3 was confident but missed
    expect(m.workLinkage).toMatchObject({ value: 0.5 });
    expect(m.learningCapture).toMatchObject({ value: 0.5 });
    expect(m.answerRate).toMatchObject({ value: 9 / 12, basis: '9 of 12 weekly check-ins given' });
  });
});
