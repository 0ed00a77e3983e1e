import { describe, expect, it } from 'vitest';
import { buildRollup } from '../../src/domain/rollup.js';
import { dueRollupWeek } from '../../src/domain/schedule.js';
import type { CheckinInfo, KrInfo } from '../../src/domain/types.js';

const kr = (id: number, teamId: number, objectiveKey: string, over: Partial<KrInfo> = {}): KrInfo => ({
  id,
  key: `${objectiveKey}-KR${id}`,
  title: `KR ${id}`,
  objectiveKey,
  objectiveTitle: `Objective ${objectiveKey}`,
  teamId,
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
  ...over,
});
const c = (krId: number, week: number, confidence: 0 | 1 | 2): CheckinInfo => ({
  krId,
  week,
  confidence,
  evidence: 'e',
  risks: null,
  nextAction: null,
  value: null,
});

describe('the leadership roll-up', () => {
  it('mixes confidence per team and objective; counts drops, decisions and missing check-ins; leaves paused and stopped KRs out', () => {
    const krs = [
      kr(1, 1, 'O1'),
      kr(2, 1, 'O1'),
      kr(3, 1, 'O2'),
      kr(4, 1, 'O2', { status: 'paused' }),
      kr(5, 2, 'O3', { status: 'stopped' }),
      kr(6, 2, 'O3'),
    ];
    const r = buildRollup({
      week: 3,
      teams: [
        { id: 1, name: 'Discovery' },
        { id: 2, name: 'Platform' },
        { id: 3, name: 'Empty' },
      ],
      krs,
      checkins: [c(1, 2, 2), c(1, 3, 1), c(2, 2, 1), c(2, 3, 2), c(3, 1, 2), c(4, 3, 0), c(6, 3, 0)],
      decisions: [{ krId: 5, krKey: 'O3-KR5', kind: 'stop', rationale: 'no longer matters' }],
    });
    expect(r.total).toEqual({ 0: 1, 1: 1, 2: 1, none: 1 });
    const [discovery, platform] = r.teams;
    expect(r.teams).toHaveLength(2); // a team without KRs or decisions is left out
    expect(discovery!.mix).toEqual({ 0: 0, 1: 1, 2: 1, none: 1 });
    expect(discovery!.objectives).toEqual([
      { key: 'O1', title: 'Objective O1', mix: { 0: 0, 1: 1, 2: 1, none: 0 } },
      { key: 'O2', title: 'Objective O2', mix: { 0: 0, 1: 0, 2: 0, none: 1 } },
    ]);
    expect(discovery!.drops.map((d) => [d.kr.key, d.from, d.to])).toEqual([['O1-KR1', 2, 1]]); // KR2 rose: not a drop
    expect(discovery!.missing.map((k) => k.key)).toEqual(['O2-KR3']); // the paused KR4 is not owed
    expect(platform!.decisions).toEqual([{ krKey: 'O3-KR5', kind: 'stop', rationale: 'no longer matters' }]);
    expect(platform!.mix).toEqual({ 0: 1, 1: 0, 2: 0, none: 0 });
  });

  it('is due once every team’s digest for the week is, and not once the next week’s first digest is', () => {
    const cycle = { startDate: '2027-01-04', endDate: '2027-04-04' };
    const team = (checkinWeekday: number, timezone: string) => ({
      checkinWeekday,
      checkinTime: '10:00',
      digestWeekday: null,
      digestTime: '10:00',
      timezone,
      quietEnd: '09:00',
      quietStart: '18:00',
    });
    const teams = [team(1, 'Europe/Berlin'), team(2, 'America/New_York')]; // digests Tuesday 10:00 Berlin, Wednesday 10:00 New York
    expect(dueRollupWeek(cycle, teams, '2027-01-05T09:00:00Z')).toBeNull(); // only Berlin's week-1 digest is due
    expect(dueRollupWeek(cycle, teams, '2027-01-06T15:00:00Z')).toBe(1);
    expect(dueRollupWeek(cycle, teams, '2027-01-11T12:00:00Z')).toBe(1);
    expect(dueRollupWeek(cycle, teams, '2027-01-12T09:00:00Z')).toBeNull(); // week 2 has begun for Berlin: week 1 is superseded
    expect(dueRollupWeek(cycle, [], '2027-01-12T09:00:00Z')).toBeNull();
  });
});
