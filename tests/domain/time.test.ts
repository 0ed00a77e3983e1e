import { describe, expect, it } from 'vitest';
import {
  cycleWeek,
  formatDateRange,
  midpointDate,
  parseWeekday,
  scheduledInstant,
  weekCount,
  weekDates,
  weekEndsAt,
} from '../../src/domain/time.js';

// A 13-week cycle spanning both the US (Mar 14) and EU (Mar 28) DST switches of 2027
// and the end of New Zealand summer time (Apr 4).
const cycle = { startDate: '2027-01-04', endDate: '2027-04-04' };

describe('cycle weeks', () => {
  it('counts 13 weeks and finds the midpoint', () => {
    expect(weekCount(cycle)).toBe(13);
    expect(midpointDate(cycle.startDate, cycle.endDate)).toBe('2027-02-18');
    expect(weekDates(cycle, 13)).toEqual({ first: '2027-03-29', last: '2027-04-04' });
  });

  it('uses the local date of the zone, not UTC', () => {
    // Sunday 2027-01-10 23:30 in New York is already Monday in UTC, Kolkata and Auckland.
    const instant = '2027-01-11T04:30:00Z';
    expect(cycleWeek(cycle, instant, 'America/New_York')).toBe(1);
    expect(cycleWeek(cycle, instant, 'UTC')).toBe(2);
    expect(cycleWeek(cycle, instant, 'Asia/Kolkata')).toBe(2);
    expect(cycleWeek(cycle, instant, 'Pacific/Auckland')).toBe(2);
  });

  it('is null before the start and after the end', () => {
    // 2027-01-03 20:00 in New York; Auckland has already reached Monday Jan 4.
    expect(cycleWeek(cycle, '2027-01-04T01:00:00Z', 'America/New_York')).toBeNull();
    expect(cycleWeek(cycle, '2027-01-04T01:00:00Z', 'Pacific/Auckland')).toBe(1);
    expect(cycleWeek(cycle, '2027-04-05T12:00:00Z', 'Europe/Berlin')).toBeNull();
  });

  it('ends a week at local midnight after its last day', () => {
    expect(weekEndsAt(cycle, 1, 'Europe/Berlin').toUTC().toISO()).toBe('2027-01-10T23:00:00.000Z');
    expect(weekEndsAt(cycle, 1, 'Asia/Kolkata').toUTC().toISO()).toBe('2027-01-10T18:30:00.000Z');
  });
});

describe('scheduled instants across DST', () => {
  it('keeps Monday 10:00 local in Berlin before and after the EU switch', () => {
    // Week 12 Monday is 2027-03-22 (CET, UTC+1); week 13 Monday is 2027-03-29 (CEST, UTC+2).
    expect(scheduledInstant(cycle, 12, 1, '10:00', 'Europe/Berlin')!.toUTC().toISO()).toBe('2027-03-22T09:00:00.000Z');
    expect(scheduledInstant(cycle, 13, 1, '10:00', 'Europe/Berlin')!.toUTC().toISO()).toBe('2027-03-29T08:00:00.000Z');
  });

  it('keeps Tuesday 09:30 local in New York across the US switch', () => {
    // 2027-03-09 is EST (UTC-5); 2027-03-16 is EDT (UTC-4).
    expect(scheduledInstant(cycle, 10, 2, '09:30', 'America/New_York')!.toUTC().toISO()).toBe(
      '2027-03-09T14:30:00.000Z',
    );
    expect(scheduledInstant(cycle, 11, 2, '09:30', 'America/New_York')!.toUTC().toISO()).toBe(
      '2027-03-16T13:30:00.000Z',
    );
  });

  it('moves a local time skipped by spring-forward to after the gap', () => {
    // Sunday 2027-03-14 02:30 does not exist in New York.
    const at = scheduledInstant(cycle, 10, 7, '02:30', 'America/New_York')!;
    expect(at.toUTC().toISO()).toBe('2027-03-14T07:30:00.000Z');
    expect(at.toFormat('HH:mm')).toBe('03:30');
  });

  it('handles half-hour and southern-hemisphere zones', () => {
    expect(scheduledInstant(cycle, 1, 1, '10:00', 'Asia/Kolkata')!.toUTC().toISO()).toBe('2027-01-04T04:30:00.000Z');
    // Auckland: NZDT (UTC+13) in January, NZST (UTC+12) after 2027-04-04.
    expect(scheduledInstant(cycle, 1, 1, '10:00', 'Pacific/Auckland')!.toUTC().toISO()).toBe(
      '2027-01-03T21:00:00.000Z',
    );
    expect(scheduledInstant(cycle, 13, 7, '10:00', 'Pacific/Auckland')!.toUTC().toISO()).toBe(
      '2027-04-03T22:00:00.000Z',
    );
  });

  it('is null when the weekday is not in a short last week', () => {
    const short = { startDate: '2027-01-04', endDate: '2027-01-12' }; // week 2 is Mon–Tue
    expect(scheduledInstant(short, 2, 2, '10:00', 'UTC')).not.toBeNull();
    expect(scheduledInstant(short, 2, 3, '10:00', 'UTC')).toBeNull();
  });
});

describe('parsing', () => {
  it('reads weekdays by name, prefix or number', () => {
    expect(parseWeekday('Monday')).toBe(1);
    expect(parseWeekday('thu')).toBe(4);
    expect(parseWeekday('7')).toBe(7);
    expect(parseWeekday('mo')).toBeNull();
    expect(parseWeekday('funday')).toBeNull();
    expect(parseWeekday(8)).toBeNull();
  });

  it('formats week ranges', () => {
    expect(formatDateRange('2027-02-08', '2027-02-14')).toBe('Feb 8 – Feb 14, 2027');
    expect(formatDateRange('2026-12-28', '2027-01-03')).toBe('Dec 28, 2026 – Jan 3, 2027');
  });
});
