import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { ADMIN, sendEvent, startHarness, tickAt, waitFor, type Harness } from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/**
 * Real Slack takes a post to a deactivated person (python-slack-sdk #1156), so okrbot must read
 * `deleted` itself; and `account_inactive` is about okrbot's own token, not the recipient.
 */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

async function setup() {
  h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', now: '2027-01-11T03:00:00Z' });
  h.slack.channels.set('C0DISC', { member: true }).set('C0PLAT', { member: true });
  const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
  await tickAt(h, s, '2027-01-11T03:00:00Z'); // learns everyone's time zone; nothing due yet
  return s;
}

const weeklyDms = (user: string) =>
  h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === user && String(c.args.text).startsWith('Weekly check-in'));
// Admins' DMs, the monthly note aside (it comes in week 3, whatever happens).
const alerts = () =>
  h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === ADMIN)
    .map((c) => String(c.args.text))
    .filter((t) => !t.includes('okrbot this month'));

describe('an owner who left Slack', () => {
  it('learned from user_change: no more DMs or reminders, one alert to admins, "left Slack — reassign" in the digest; back when reactivated', async () => {
    const s = await setup();
    h.slack.users.get('U0BEN')!.deleted = true;
    await sendEvent(h, {
      type: 'user_change',
      user: { id: 'U0BEN', name: 'ben', deleted: true, tz: 'America/New_York', profile: { display_name: 'Ben' } },
    });
    await waitFor(() => alerts().length === 1);
    expect(alerts()[0]).toContain('Ben left Slack (their account is deactivated)');
    expect(alerts()[0]).toContain('They own O2-KR1 in 2027-Q1');

    await tickAt(h, s, '2027-01-11T20:30:00Z'); // Tuesday 09:30 in Auckland: Dev's check-in
    await tickAt(h, s, '2027-01-12T14:30:00Z'); // Tuesday 09:30 New York: Ben's
    await tickAt(h, s, '2027-01-13T14:30:00Z'); // a day later: reminders
    expect(weeklyDms('U0BEN')).toEqual([]);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0BEN')).toEqual([]);
    expect(weeklyDms('U0DEV')).toHaveLength(1); // everyone else as usual
    await tickAt(h, s, '2027-01-13T15:30:00Z'); // Wednesday 10:30 New York: Platform's digest
    const digest = h.slack
      .callsTo('chat.postMessage')
      .find((c) => c.args.channel === 'C0PLAT' && String(c.args.text).includes('week 2'))!;
    expect(JSON.stringify(digest.args.blocks)).toContain('*Left Slack*\\nO2-KR1 — Ben left Slack — reassign O2-KR1');
    expect(String(digest.args.text)).toContain('1 to reassign');
    await sendEvent(h, {
      type: 'user_change',
      user: { id: 'U0BEN', name: 'ben', deleted: true, profile: { display_name: 'Ben' } },
    }); // Slack repeats itself
    await tickAt(h, s, '2027-01-19T14:30:00Z'); // next Tuesday: still nothing, and no second alert
    expect(weeklyDms('U0BEN')).toEqual([]);
    expect(alerts()).toEqual([expect.stringContaining('Ben left Slack')]);

    h.slack.users.get('U0BEN')!.deleted = false;
    await sendEvent(h, {
      type: 'user_change',
      user: { id: 'U0BEN', name: 'ben', deleted: false, tz: 'America/New_York', profile: { display_name: 'Ben' } },
    });
    await waitFor(
      async () => (await rowsOf(h.db, 'people')).find((p) => p.slackUserId === 'U0BEN')!.leftSlackAt === null,
    );
    await tickAt(h, s, '2027-01-26T14:30:00Z');
    expect(weeklyDms('U0BEN')).toHaveLength(1);
  });

  it('found by users.info right before the DM, when no event came', async () => {
    const s = await setup();
    h.slack.users.get('U0BEN')!.deleted = true;
    await tickAt(h, s, '2027-01-11T20:30:00Z'); // Tuesday 09:30 in Auckland: Dev's check-in
    await tickAt(h, s, '2027-01-12T14:30:00Z'); // Ben's: his zone is older than 12 h, users.info says deleted
    expect(weeklyDms('U0BEN')).toEqual([]);
    expect(weeklyDms('U0DEV')).toHaveLength(1);
    expect(alerts()).toEqual([expect.stringContaining('Ben left Slack')]);
  });
});

describe('account_inactive is okrbot’s own token, not an owner', () => {
  it('stops the run, marks nobody unreachable, and sends everyone once when the token works again', async () => {
    const s = await setup();
    h.slack.inject('chat.postMessage', { error: 'account_inactive' }, { times: 100 });
    const report = await tickAt(h, s, '2027-01-11T09:00:00Z'); // Monday 10:00 Berlin: Ana and Chloe due
    const checkins = report!.reports.find((r) => r.job === 'checkins')!;
    expect(checkins).toMatchObject({ due: 2, sent: 0, failed: [] });
    // Each tried once (both were in flight together), none retried: the run stopped at the refusal.
    expect(
      h.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith('Weekly check-in')),
    ).toHaveLength(2);
    const rows = (await rowsOf(h.db, 'deliveries')).filter((d) => d.purpose === 'checkin');
    expect(rows.every((d) => d.state !== 'failed' || d.error === 'workspace_unavailable')).toBe(true);
    expect(h.logs.some((l) => l.includes('Slack refused okrbot itself') && l.includes('account_inactive'))).toBe(true);

    h.slack.reset(); // the token works again
    await tickAt(h, s, '2027-01-11T09:01:00Z');
    expect(weeklyDms('U0ANA')).toHaveLength(1);
    expect(weeklyDms('U0CHLOE')).toHaveLength(1);
    expect(
      (await rowsOf(h.db, 'deliveries')).filter((d) => d.purpose === 'checkin').map((d) => [d.state, d.attempts]),
    ).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
  });
});
