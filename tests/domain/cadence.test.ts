import { describe, expect, it } from 'vitest';
import {
  checkinWeeks,
  isCheckinWeek,
  latestCheckinWeek,
  openCheckinWeek,
  previousCheckinWeek,
  weekClosesAt,
  weekOpensAt,
} from '../../src/domain/cadence.js';
import { shouldSilence } from '../../src/domain/schedule.js';

// A Monday-to-Sunday cycle of 13 weeks.
const cycle = { startDate: '2027-01-04', endDate: '2027-04-04' };
const monday = [{ weekday: 1, time: '10:00', cadence: 'weekly' as const }];
const thursday = [{ weekday: 4, time: '09:00', cadence: 'weekly' as const }];
const biweekly = [{ weekday: 1, time: '10:00', cadence: 'biweekly' as const }];

describe('cadence', () => {
  it('biweekly teams check in in weeks 1, 3, 5, …; last time is two weeks back', () => {
    expect(checkinWeeks('biweekly', 6)).toEqual([1, 3, 5]);
    expect(checkinWeeks('weekly', 3)).toEqual([1, 2, 3]);
    expect(isCheckinWeek('biweekly', 4)).toBe(false);
    expect(latestCheckinWeek('biweekly', 4)).toBe(3);
    expect(previousCheckinWeek('biweekly', 5)).toBe(3);
    expect(previousCheckinWeek('weekly', 1)).toBeNull();
  });
});

describe('when a check-in week opens and closes', () => {
  it('a Monday 10:00 week opens at 18:00 the Sunday before and closes when the next opens', () => {
    expect(weekOpensAt(cycle, 2, monday, 'Europe/Berlin')!.toISO()).toBe('2027-01-10T18:00:00.000+01:00');
    expect(weekClosesAt(cycle, 1, monday, 'Europe/Berlin').toISO()).toBe('2027-01-10T18:00:00.000+01:00');
    expect(openCheckinWeek(cycle, monday, 'Europe/Berlin', '2027-01-10T16:59:00Z')).toBe(1);
    expect(openCheckinWeek(cycle, monday, 'Europe/Berlin', '2027-01-10T17:00:00Z')).toBe(2);
    // Week 1 itself opens the evening before the cycle starts.
    expect(openCheckinWeek(cycle, monday, 'Europe/Berlin', '2027-01-03T16:00:00Z')).toBeNull();
    expect(openCheckinWeek(cycle, monday, 'Europe/Berlin', '2027-01-03T17:30:00Z')).toBe(1);
  });

  it('a Thursday check-in week opens when its week starts (the evening before is later)', () => {
    expect(weekOpensAt(cycle, 2, thursday, 'UTC')!.toISO()).toBe('2027-01-11T00:00:00.000Z');
    expect(openCheckinWeek(cycle, thursday, 'UTC', '2027-01-10T23:00:00Z')).toBe(1);
    expect(openCheckinWeek(cycle, thursday, 'UTC', '2027-01-11T00:00:00Z')).toBe(2);
  });

  it('biweekly: week 1 stays open through week 2 until week 3 opens; nothing after the cycle ends', () => {
    expect(openCheckinWeek(cycle, biweekly, 'UTC', '2027-01-13T12:00:00Z')).toBe(1);
    expect(openCheckinWeek(cycle, biweekly, 'UTC', '2027-01-17T18:00:00Z')).toBe(3);
    expect(weekOpensAt(cycle, 2, biweekly, 'UTC')).toBeNull();
    expect(openCheckinWeek(cycle, monday, 'UTC', '2027-04-05T01:00:00Z')).toBeNull();
    // The last week closes with the cycle.
    expect(weekClosesAt(cycle, 13, monday, 'UTC').toISO()).toBe('2027-04-05T00:00:00.000Z');
  });

  it('someone who owns no KR (no schedule) is in the plain local week', () => {
    expect(openCheckinWeek(cycle, [], 'UTC', '2027-01-10T23:00:00Z')).toBe(1);
    expect(openCheckinWeek(cycle, [], 'UTC', '2027-01-11T00:00:00Z')).toBe(2);
  });
});

describe('silence after three unanswered asks', () => {
  it('counts a biweekly owner’s asks two weeks apart', () => {
    expect(shouldSilence(7, new Set([1, 3, 5]), new Set(), 'biweekly')).toBe(true);
    expect(shouldSilence(7, new Set([1, 3, 5]), new Set([3]), 'biweekly')).toBe(false);
    expect(shouldSilence(4, new Set([1, 2, 3]), new Set(), 'weekly')).toBe(true);
    expect(shouldSilence(4, new Set([1, 3]), new Set(), 'weekly')).toBe(false); // not asked in week 2 (away)
  });
});
