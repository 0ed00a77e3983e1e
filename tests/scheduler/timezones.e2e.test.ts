import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { PEOPLE, sendEvent, startHarness, waitFor, type Harness, tickAt } from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/**
 * One rule for an owner's zone, learned promptly: Chloe moves from Kolkata to London; her next
 * weekly DM comes at 10:00 London, not 10:00 Kolkata (04:30 UTC).
 */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const chloe = async () => (await rowsOf(h.db, 'people')).find((p) => p.email === 'chloe@example.com')!;
const weeklyDms = () =>
  (h.slack.history.get('D0CHLOE') ?? []).filter((m) => String(m.text).startsWith('Weekly check-in'));

async function weekOneDone() {
  h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', now: '2027-01-11T03:00:00Z' });
  h.slack.channels.set('C0DISC', { member: true }).set('C0PLAT', { member: true });
  const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
  await tickAt(h, s, '2027-01-11T03:00:00Z'); // learns zones
  await tickAt(h, s, '2027-01-11T04:30:00Z'); // Monday 10:00 in Kolkata: week 2's DM
  expect(weeklyDms()).toHaveLength(1);
  expect((await chloe()).timezone).toBe('Asia/Kolkata');
  return s;
}

describe("an owner's time zone", () => {
  it('is checked again right before the weekly DM, so a move is honoured without any event', async () => {
    const s = await weekOneDone();
    h.slack.addUser({ ...PEOPLE.chloe!, tz: 'Europe/London' }); // she moved; okrbot missed the event
    const lookups = () => h.slack.callsTo('users.info').filter((c) => c.args.user === 'U0CHLOE').length;
    const lookupsBefore = lookups();
    const early = await tickAt(h, s, '2027-01-18T04:30:00Z'); // 10:00 in Kolkata, 04:30 in London
    expect(lookups()).toBe(lookupsBefore + 1);
    expect((await chloe()).timezone).toBe('Europe/London');
    expect(early!.reports.find((r) => r.job === 'checkins')).toMatchObject({ sent: 0 });
    expect(weeklyDms()).toHaveLength(1);
    await tickAt(h, s, '2027-01-18T09:59:00Z');
    expect(weeklyDms()).toHaveLength(1);
    await tickAt(h, s, '2027-01-18T10:00:00Z'); // 10:00 in London
    expect(weeklyDms()).toHaveLength(2);
    // Her week, as /okr mine and her replies count it, is London's too: one rule everywhere.
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0CHLOE')).toHaveLength(2);
  });

  it('is taken from a user_change event at once, without asking Slack again before the DM', async () => {
    const s = await weekOneDone();
    h.slack.addUser({ ...PEOPLE.chloe!, tz: 'Europe/London' });
    h.clock.now = new Date('2027-01-18T02:00:00Z'); // she lands the night before her next DM
    const res = await sendEvent(h, {
      type: 'user_change',
      user: { id: 'U0CHLOE', name: 'chloe', tz: 'Europe/London', profile: { display_name: 'Chloe' } },
    });
    expect(res.status).toBe(200);
    await waitFor(async () => (await chloe()).timezone === 'Europe/London');
    const lookups = () => h.slack.callsTo('users.info').filter((c) => c.args.user === 'U0CHLOE').length;
    const lookupsBefore = lookups();
    await tickAt(h, s, '2027-01-18T04:30:00Z');
    expect(weeklyDms()).toHaveLength(1);
    await tickAt(h, s, '2027-01-18T10:00:00Z');
    expect(weeklyDms()).toHaveLength(2);
    expect(lookups()).toBe(lookupsBefore); // the event was fresh enough
  });

  it('ignores a user_change for someone okrbot does not know: nothing is written', async () => {
    h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', now: '2027-01-11T03:00:00Z' });
    const before = await rowsOf(h.db, 'people');
    await sendEvent(h, { type: 'user_change', user: { id: 'U0STRANGER', name: 'x', tz: 'Europe/Paris' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(await rowsOf(h.db, 'people')).toEqual(before);
  });
});
