import { describe, expect, it } from 'vitest';
import { clampedWeek, weekCount, weeksPassed } from '../../src/domain/time.js';
import { buildHome } from '../../src/services/home.js';
import { weeksSoFar } from '../../src/services/successMetrics.js';
import { digestPreview } from '../../src/services/krQueries.js';
import { overview } from '../../src/slack/rollupCommands.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { findOrCreatePerson, updatePerson } from '../../src/store/people.js';
import { makeStack } from '../helpers/stack.js';

/** One clock and calendar: "today" and "this week" for a person, a team and a cycle. */

const cycle = { startDate: '2027-01-04', endDate: '2027-04-04', midDate: '2027-02-15' };

describe('the cycle’s current week, clamped', () => {
  it('is 0 before the start, the week of the date within, the last week after the end', () => {
    expect(clampedWeek(cycle, new Date('2027-01-03T12:00:00Z'))).toBe(0);
    expect(clampedWeek(cycle, new Date('2027-01-19T12:00:00Z'))).toBe(3);
    expect(clampedWeek(cycle, new Date('2027-05-01T12:00:00Z'))).toBe(weekCount(cycle));
    expect(weeksPassed(cycle, new Date('2027-01-05T12:00:00Z'))).toBe(0);
    expect(weeksPassed(cycle, new Date('2027-01-19T12:00:00Z'))).toBe(2);
    expect(weeksPassed(cycle, new Date('2027-05-01T12:00:00Z'))).toBe(weekCount(cycle));
  });

  it('/okr overview after the end date (cycle not yet closed) shows the last week, not week 1', async () => {
    const s = await makeStack(); // imported while the cycle runs
    const c = (await getActiveCycle(s.deps.db))!;
    s.clock.now = new Date('2027-04-20T10:00:00Z'); // past its end, not closed yet
    const reply = await overview(s.deps);
    expect(reply!.text).toContain(`week ${weekCount(c)}`);
    expect(weeksSoFar(c, s.clock.now)).toBe(weekCount(c));
  });
});

describe('a person’s today', () => {
  it('App Home ends out-of-office on the person’s own date, as the scheduler does, not on UTC’s', async () => {
    // 2027-01-19 12:00 UTC is already Jan 20, 01:00 in Auckland: Dev's "until Jan 19" is over there.
    const s = await makeStack({ now: '2027-01-19T12:00:00Z' });
    const dev = await findOrCreatePerson(s.deps.db, 'dev@example.com');
    await updatePerson(s.deps.db, dev.id, {
      slackUserId: 'U0DEV',
      timezone: 'Pacific/Auckland',
      oooUntil: '2027-01-19',
    });
    const away = async () =>
      (await buildHome(s.deps, { ...dev, slackUserId: 'U0DEV', timezone: 'Pacific/Auckland', oooUntil: '2027-01-19' }))
        .oooUntil;
    expect(await away()).toBeNull();
    s.clock.now = new Date('2027-01-19T10:00:00Z'); // 23:00 on the 19th in Auckland: still away
    expect(await away()).toBe('2027-01-19');
  });
});

describe('a team’s week', () => {
  it('App Home shows each team’s digest for the team’s own week, as /okr digest does', async () => {
    // 2027-01-17 12:00 UTC: Monday 01:00 (week 3) for Dev in Auckland, Sunday 13:00 (week 2) for his team in Berlin.
    const s = await makeStack({ now: '2027-01-17T12:00:00Z' });
    const dev = await findOrCreatePerson(s.deps.db, 'dev@example.com');
    await updatePerson(s.deps.db, dev.id, { slackUserId: 'U0DEV', timezone: 'Pacific/Auckland' });
    const home = await buildHome(s.deps, { ...dev, slackUserId: 'U0DEV', timezone: 'Pacific/Auckland' });
    expect(home.week).toBe(3); // Dev's own check-in week
    expect(home.teams.map((t) => [t.name, t.digest.week])).toEqual([['Discovery', 2]]);
    const preview = await digestPreview(s.deps, undefined, 'Discovery');
    expect(preview).toMatchObject({ kind: 'ok', week: 2 });
  });
});
