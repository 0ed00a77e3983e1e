import { describe, expect, it } from 'vitest';
import { dueCheckins, type OwnerToAsk } from '../../src/domain/due.js';

const cycle = { startDate: '2027-01-04', endDate: '2027-04-04' };
const monday10 = [{ weekday: 1, time: '10:00' }];
const owner = (personId: number, zone: string, extra: Partial<OwnerToAsk> = {}): OwnerToAsk => ({
  personId,
  zone,
  oooUntil: null,
  schedules: monday10,
  ...extra,
});
const never = () => false;

describe('who is due for a weekly check-in', () => {
  const owners = [
    owner(1, 'Europe/Berlin'),
    owner(2, 'America/New_York'),
    owner(3, 'Asia/Kolkata'),
    owner(4, 'Pacific/Auckland'),
  ];

  it('asks each owner at their own local Monday 10:00', () => {
    // Auckland reaches Monday 10:00 first (Sunday 21:00 UTC), then Kolkata, Berlin, New York.
    const ids = (iso: string) => dueCheckins(iso, cycle, owners, never).map((d) => d.personId);
    expect(ids('2027-01-03T20:59:00Z')).toEqual([]);
    expect(ids('2027-01-03T21:00:00Z')).toEqual([4]);
    expect(ids('2027-01-04T04:30:00Z')).toEqual([3, 4]);
    expect(ids('2027-01-04T09:00:00Z')).toEqual([1, 3, 4]);
    expect(ids('2027-01-04T14:59:00Z')).toEqual([1, 3, 4]);
    expect(ids('2027-01-04T15:00:00Z')).toEqual([1, 2, 3, 4]);
  });

  it('keeps local time across DST switches', () => {
    // Week 11 in New York (after Mar 14) is EDT: Monday 10:00 = 14:00 UTC.
    const ny = [owner(2, 'America/New_York')];
    expect(dueCheckins('2027-03-15T13:59:00Z', cycle, ny, never)).toEqual([]);
    expect(dueCheckins('2027-03-15T14:00:00Z', cycle, ny, never)[0]).toMatchObject({ personId: 2, week: 11 });
    // Week 13 in Berlin (after Mar 28) is CEST: Monday 10:00 = 08:00 UTC.
    const berlin = [owner(1, 'Europe/Berlin')];
    expect(dueCheckins('2027-03-29T07:59:00Z', cycle, berlin, never)).toEqual([]);
    expect(dueCheckins('2027-03-29T08:00:00Z', cycle, berlin, never)[0]).toMatchObject({ personId: 1, week: 13 });
  });

  it('skips owners already asked this week', () => {
    const sent = (personId: number, week: number) => personId === 1 && week === 1;
    expect(dueCheckins('2027-01-05T12:00:00Z', cycle, [owner(1, 'Europe/Berlin')], sent)).toEqual([]);
  });

  it('skips owners out of office through their local date', () => {
    const ooo = [owner(1, 'Europe/Berlin', { oooUntil: '2027-01-05' })];
    expect(dueCheckins('2027-01-05T22:00:00Z', cycle, ooo, never)).toEqual([]); // 23:00 Tue in Berlin
    expect(dueCheckins('2027-01-05T23:00:00Z', cycle, ooo, never)).toHaveLength(1); // Wed 00:00 in Berlin
  });

  it('reports lateness when catching up after an outage', () => {
    const [due] = dueCheckins('2027-01-06T09:00:00Z', cycle, [owner(1, 'Europe/Berlin')], never);
    expect(due!.lateMs).toBe(48 * 3600 * 1000);
  });

  it('uses the earliest schedule of an owner in several teams', () => {
    const o = owner(1, 'UTC', {
      schedules: [
        { weekday: 2, time: '09:00' },
        { weekday: 1, time: '15:00' },
      ],
    });
    expect(dueCheckins('2027-01-04T14:59:00Z', cycle, [o], never)).toEqual([]);
    expect(dueCheckins('2027-01-04T15:00:00Z', cycle, [o], never)).toHaveLength(1);
  });

  it('asks nobody outside the cycle', () => {
    expect(dueCheckins('2027-04-05T12:00:00Z', cycle, owners, never)).toEqual([]);
  });
});
