import { afterEach, describe, expect, it } from 'vitest';
import type { Scheduler } from '../../src/scheduler/scheduler.js';
import {
  ADMIN,
  okrReply,
  sendEvent,
  startFourZones,
  weeklyDmsTo,
  tickAt,
  waitFor,
  type Harness,
} from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/**
 * Away by Slack status: learned from user_change (and users.info before a DM), expiry honoured,
 * markers set by admins. Discovery checks in Monday 10:00 (Ana in Berlin, Chloe in Kolkata).
 */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const weeklyDms = (user: string) => weeklyDmsTo(h, user);
const person = async (email: string) => (await rowsOf(h.db, 'people')).find((p) => p.email === email)!;

/** Slack's user_change with a status (the profile carries all three status fields, as Slack sends them). */
async function statusChange(id: string, name: string, text: string, emoji: string, expiration = 0) {
  // A copy: the harness's people are shared between tests.
  const u = { ...h.slack.users.get(id)!, statusText: text, statusEmoji: emoji, statusExpiration: expiration };
  h.slack.users.set(id, u);
  const before = JSON.stringify(await rowsOf(h.db, 'people'));
  await sendEvent(h, {
    type: 'user_change',
    user: {
      id,
      name: name.toLowerCase(),
      tz: u.tz,
      profile: { display_name: name, status_text: text, status_emoji: emoji, status_expiration: expiration },
    },
  });
  await waitFor(async () => JSON.stringify(await rowsOf(h.db, 'people')) !== before, 3000).catch(() => undefined);
}

describe('away by Slack status', () => {
  it('skips DMs while a 🌴 status lasts, says "away" in the digest, and asks again once it expires', async () => {
    let s: Scheduler;
    ({ h, s } = await startFourZones('2027-01-04T03:00:00Z'));
    await tickAt(h, s, '2027-01-04T03:00:00Z'); // okrbot learns who is who in Slack
    h.clock.now = new Date('2027-01-08T12:00:00Z');
    // Ana: vacation until Sunday night (Jan 17, 23:00 UTC). Chloe: "In a meeting" — not away.
    await statusChange('U0ANA', 'Ana', 'Vacation in Lisbon', ':palm_tree:', Date.parse('2027-01-17T23:00:00Z') / 1000);
    await statusChange('U0CHLOE', 'Chloe', 'In a meeting', ':calendar:');
    expect(await person('ana@example.com')).toMatchObject({
      statusAwaySince: '2027-01-08T12:00:00.000Z',
      statusAwayUntil: '2027-01-17T23:00:00.000Z',
    });
    expect((await person('chloe@example.com')).statusAwaySince).toBeNull();

    await tickAt(h, s, '2027-01-11T05:00:00Z');
    await tickAt(h, s, '2027-01-11T09:00:00Z'); // week 2, Monday 10:00 Berlin
    expect(weeklyDms('U0ANA')).toEqual([]);
    expect(weeklyDms('U0CHLOE')).toHaveLength(1); // week 1's DMs were not sent: the harness started at 03:00
    await tickAt(h, s, '2027-01-12T09:00:00Z'); // Discovery's digest
    const digest = h.slack
      .callsTo('chat.postMessage')
      .find((c) => c.args.channel === 'C0DISC' && String(c.args.text).includes('week 2'))!;
    expect(JSON.stringify(digest.args.blocks)).toContain('*Away*\\nO1-KR1 — Ana (away until Jan 17)');
    expect(String(digest.args.text)).toContain('1 away');

    await tickAt(h, s, '2027-01-18T09:00:00Z'); // week 3: the status expired
    expect(weeklyDms('U0ANA')).toHaveLength(1);
  });

  it('an open-ended "OOO" is away until the status changes; admins choose the markers', async () => {
    let s: Scheduler;
    ({ h, s } = await startFourZones('2027-01-04T03:00:00Z'));
    await tickAt(h, s, '2027-01-04T03:00:00Z');
    h.clock.now = new Date('2027-01-08T12:00:00Z');
    await statusChange('U0CHLOE', 'Chloe', 'OOO till further notice', '');
    expect(await person('chloe@example.com')).toMatchObject({ statusAwayUntil: null });
    expect((await person('chloe@example.com')).statusAwaySince).not.toBeNull();
    expect((await okrReply(h, ADMIN, 'digest Discovery')).body.text).toContain('1 away');
    // A word inside another word is not the word: "Zoom" is not "oo", "goodbye" is not "ooo".
    await statusChange('U0CHLOE', 'Chloe', 'Saying goodbye to the old office', '');
    expect((await person('chloe@example.com')).statusAwaySince).toBeNull();

    expect((await okrReply(h, 'U0ANA', 'away-statuses :airplane:')).body.text).toMatch(/^Only okrbot admins/);
    const set = await okrReply(h, ADMIN, 'away-statuses :airplane: "on leave"');
    expect(set.body.text).toBe(
      'Saved. A Slack status with :airplane:, "on leave" means away: no check-in DMs or reminders while it lasts (its expiry honoured), and the digest says "away". Slack\'s Do Not Disturb alone does not count.',
    );
    await statusChange('U0ANA', 'Ana', 'Flying to Lima', ':airplane:');
    expect((await person('ana@example.com')).statusAwaySince).not.toBeNull();
    await statusChange('U0CHLOE', 'Chloe', 'Vacation', ':palm_tree:'); // no longer a marker here
    expect((await person('chloe@example.com')).statusAwaySince).toBeNull();
    await tickAt(h, s, '2027-01-11T05:00:00Z');
    await tickAt(h, s, '2027-01-11T09:00:00Z');
    expect(weeklyDms('U0ANA')).toEqual([]);
    expect(weeklyDms('U0CHLOE')).toHaveLength(1);
    expect((await okrReply(h, ADMIN, 'away-statuses default')).body.text).toContain(':palm_tree:, "vacation", "ooo"');
  });
});
