import { afterEach, describe, expect, it } from 'vitest';
import { renderHome } from '../../src/views/home.js';
import { ADMIN, sendEvent, startHarness, waitFor, type Harness } from '../helpers/bot.js';

/** App Home before any cycle runs: admins are told what to do next, not shown an empty page. */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const homeOf = async (user: string) => {
  await sendEvent(h, { type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home' });
  return JSON.stringify(
    (await waitFor(() => h.slack.callsTo('views.publish').find((c) => c.args.user_id === user))).args.view,
  );
};

describe('first run', () => {
  it('walks an admin through OKRs, channels and the start; others get a short note', async () => {
    h = await startHarness({ beforeStart: (db) => db.exec(db.update(db.t.cycles).set({ state: 'planned' })) });
    const admin = await homeOf(ADMIN);
    expect(admin).toContain('how to get your first OKR cycle running');
    expect(admin).toContain('✅ *1. Add your OKRs.*');
    expect(admin).toContain('⬜ *2. Pick each team');
    expect(admin).toContain('(0 of 2 teams have one.)');
    expect(admin).toContain('(planned: 2027-Q1)');
    const other = await homeOf('U0MALLORY');
    expect(other).toContain('There is no active OKR cycle yet');
    expect(other).not.toContain('Pick each team');
  });

  it('starts from nothing on a fresh install', () => {
    const view = JSON.stringify(
      renderHome({
        cycleName: null,
        week: null,
        weekRange: null,
        items: [],
        teams: [],
        oooUntil: null,
        setup: { admin: true, teams: 0, teamsWithChannel: 0, plannedCycle: null },
      }),
    );
    expect(view).toContain('⬜ *1. Add your OKRs.*');
    expect(view).toContain('okrbot import okrs.yaml');
  });
});
