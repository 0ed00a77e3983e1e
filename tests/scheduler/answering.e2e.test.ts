import { afterEach, describe, expect, it } from 'vitest';
import type { Scheduler } from '../../src/scheduler/scheduler.js';
import {
  dm,
  okrReply,
  sendEvent,
  startFourZones,
  weeklyDmsTo,
  tickAt,
  waitFor,
  ADMIN,
  type Harness,
} from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/**
 * On-time streaks and answer rates, with the clock moved through the weeks: Ana (Berlin) answers,
 * is away a week, answers again; Chloe (Kolkata) never answers. Discovery checks in Monday 10:00.
 */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const weeklyDms = (user: string) => weeklyDmsTo(h, user);
const footerOf = (call: { args: Record<string, unknown> }) => {
  const blocks = call.args.blocks as Array<{ type: string; elements?: Array<{ text?: string }> }>;
  return blocks.at(-1)!.elements![0]!.text!;
};

async function answer(user: string, text: string, at: string) {
  h.clock.now = new Date(at);
  const before = (await rowsOf(h.db, 'checkins')).length;
  await sendEvent(h, dm(user, text));
  await waitFor(async () => (await rowsOf(h.db, 'checkins')).length > before);
}

async function homeOf(user: string) {
  const before = h.slack.callsTo('views.publish').length;
  await sendEvent(h, { type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home' });
  const call = await waitFor(() =>
    h.slack
      .callsTo('views.publish')
      .slice(before)
      .find((c) => c.args.user_id === user),
  );
  return JSON.stringify(call.args.view);
}

describe('streaks and answer rates', () => {
  it('counts on-time weeks, skips an away week, and shows the team’s answer rate in the digest and roll-up', async () => {
    let s: Scheduler;
    ({ h, s } = await startFourZones('2027-01-04T03:00:00Z'));
    await tickAt(h, s, '2027-01-04T03:00:00Z');
    await tickAt(h, s, '2027-01-04T05:00:00Z'); // Chloe's week 1
    await tickAt(h, s, '2027-01-04T09:00:00Z'); // Ana's week 1
    expect(footerOf(weeklyDms('U0ANA')[0]!)).not.toContain('On time');
    await answer('U0ANA', 'O1-KR1 2 WAU at 5,600', '2027-01-04T11:00:00Z'); // 2 h after the DM
    expect(await homeOf('U0ANA')).toContain('🔥 On time 1 week running');

    await tickAt(h, s, '2027-01-11T05:00:00Z');
    await tickAt(h, s, '2027-01-11T09:00:00Z'); // week 2
    expect(footerOf(weeklyDms('U0ANA')[1]!)).toContain('🔥 On time 1 week running');
    expect(footerOf(weeklyDms('U0CHLOE')[1]!)).not.toContain('On time');
    await answer('U0ANA', 'O1-KR1 2 WAU at 5,900', '2027-01-11T13:00:00Z'); // 4 h after
    // Away all of week 3: not asked, and the streak is not broken.
    h.clock.now = new Date('2027-01-12T12:00:00Z');
    expect((await okrReply(h, 'U0ANA', 'ooo 2027-01-24')).body.text).toMatch(/^Out of office until/);
    await tickAt(h, s, '2027-01-12T09:00:00Z'); // Discovery's week-2 digest
    const digest = h.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'C0DISC')
      .at(-1)!;
    // Ana 2 of 2, Chloe 0 of 2; median of 2 h and 4 h.
    expect(JSON.stringify(digest.args.blocks)).toContain('Answer rate this cycle: 50 % answered (2 of 4)');

    await tickAt(h, s, '2027-01-18T05:00:00Z');
    await tickAt(h, s, '2027-01-18T09:00:00Z'); // week 3: Ana away
    expect(weeklyDms('U0ANA')).toHaveLength(2);
    await tickAt(h, s, '2027-01-25T05:00:00Z');
    await tickAt(h, s, '2027-01-25T09:00:00Z'); // week 4
    expect(footerOf(weeklyDms('U0ANA')[2]!)).toContain('🔥 On time 2 weeks running');
    await answer('U0ANA', 'O1-KR1 1 WAU flat at 5,900', '2027-01-25T10:00:00Z');
    expect(await homeOf('U0ANA')).toContain('🔥 On time 3 weeks running');
    // Ana 3 of 3 (2 h, 4 h, 1 h); Chloe 0 of 3 (paused after three unanswered weeks, so not asked in week 4).
    const overview = await okrReply(h, ADMIN, 'overview');
    expect(JSON.stringify(overview.body)).toContain('Answer rate: 50 % answered (3 of 6) · median 2 h to answer');
  });
});
