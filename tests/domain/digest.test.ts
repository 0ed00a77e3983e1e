import { describe, expect, it } from 'vitest';
import { isSilentGreen, selectDigest } from '../../src/domain/digest.js';
import type { CheckinInfo, Confidence, KrInfo } from '../../src/domain/types.js';

function kr(id: number, key: string, extra: Partial<KrInfo> = {}): KrInfo {
  return {
    id,
    key,
    title: `KR ${key}`,
    objectiveKey: key.split('-')[0]!,
    objectiveTitle: 'Objective',
    teamId: 1,
    ownerId: id,
    ownerLabel: `owner${id}`,
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
    ...extra,
  };
}
function ci(krId: number, week: number, confidence: Confidence, evidence = `evidence w${week}`): CheckinInfo {
  return { krId, week, confidence, evidence, risks: null, nextAction: null, value: null };
}

describe('digest selection', () => {
  const krs = [
    kr(1, 'O1-KR1'),
    kr(2, 'O1-KR2'),
    kr(3, 'O2-KR1'),
    kr(4, 'O1-KR3'),
    kr(5, 'O2-KR2', { status: 'stopped' }),
    kr(6, 'O2-KR3'),
  ];
  const checkins = [
    ci(1, 1, 2),
    ci(1, 2, 0),
    ci(2, 1, 1),
    ci(2, 2, 1),
    ci(3, 1, 2),
    ci(3, 2, 1),
    ci(4, 1, 2),
    ci(4, 2, 2),
    ci(5, 2, 0),
    ci(6, 3, 0), // a later week must not leak into week 2
  ];

  it('lists 0s then 1s, drops, missing; leaves stopped KRs out', () => {
    const d = selectDigest({ week: 2, krs, checkins });
    expect(d.offTrack.map((i) => i.kr.key)).toEqual(['O1-KR1']);
    expect(d.atRisk.map((i) => i.kr.key)).toEqual(['O1-KR2', 'O2-KR1']);
    expect(d.drops.map((i) => [i.kr.key, i.previous!.confidence, i.checkin.confidence])).toEqual([
      ['O1-KR1', 2, 0],
      ['O2-KR1', 2, 1],
    ]);
    expect(d.missing.map((k) => k.key)).toEqual(['O2-KR3']);
    expect(d.onTrack).toBe(1);
    expect(d.total).toBe(5);
    expect(d.allGreen).toBe(false);
    expect(d.offTrack[0]!.trend).toEqual([2, 0]);
  });

  it('orders KRs by objective and number, not insertion', () => {
    const d = selectDigest({
      week: 1,
      krs: [kr(10, 'O2-KR10'), kr(11, 'O2-KR2'), kr(12, 'O10-KR1'), kr(13, 'O1-KR1')],
      checkins: [ci(10, 1, 1), ci(11, 1, 1), ci(12, 1, 1), ci(13, 1, 1)],
    });
    expect(d.atRisk.map((i) => i.kr.key)).toEqual(['O1-KR1', 'O2-KR2', 'O2-KR10', 'O10-KR1']);
  });

  it('separates owners that could not be reached from missing check-ins', () => {
    const d = selectDigest({ week: 2, krs, checkins, unreachableOwnerIds: new Set([6]) });
    expect(d.missing).toEqual([]);
    expect(d.unreachable.map((k) => k.key)).toEqual(['O2-KR3']);
  });

  it('says all green when every active KR is at 2 with fresh evidence', () => {
    const d = selectDigest({ week: 1, krs: [kr(1, 'O1-KR1'), kr(2, 'O1-KR2')], checkins: [ci(1, 1, 2), ci(2, 1, 2)] });
    expect(d.allGreen).toBe(true);
    expect(d.offTrack.length + d.atRisk.length + d.missing.length).toBe(0);
  });

  it('flags silent greens: at 2 for 3 weeks with the same or empty evidence', () => {
    const same = [ci(1, 1, 2, 'On track'), ci(1, 2, 2, ' on  track '), ci(1, 3, 2, 'On track')];
    expect(isSilentGreen(same, 3)).toBe(true);
    expect(isSilentGreen(same, 2)).toBe(false); // only 2 weeks so far
    const fresh = [ci(1, 1, 2, 'a'), ci(1, 2, 2, 'b'), ci(1, 3, 2, 'a')];
    expect(isSilentGreen(fresh, 3)).toBe(false);
    const withGap = [ci(1, 1, 2, 'x'), ci(1, 3, 2, 'x'), ci(1, 4, 2, 'x')];
    expect(isSilentGreen(withGap, 4)).toBe(false);
    const d = selectDigest({ week: 3, krs: [kr(1, 'O1-KR1')], checkins: same });
    expect(d.silentGreens.map((i) => i.kr.key)).toEqual(['O1-KR1']);
    expect(d.allGreen).toBe(false);
  });
});
