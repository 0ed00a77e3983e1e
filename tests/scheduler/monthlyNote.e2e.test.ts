import { afterEach, describe, expect, it } from 'vitest';
import type { Scheduler } from '../../src/scheduler/scheduler.js';
import { ADMIN, dm, sendEvent, startFourZones, tickAt, waitFor, type Harness } from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/** The monthly note to admins, with the clock moved through January into February. */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const notes = () =>
  h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === ADMIN && String(c.args.text).includes('okrbot this month'));

describe('the monthly note to admins', () => {
  it('comes once a month after two weeks of the cycle, with the answer rate and who has gone quiet', async () => {
    let s: Scheduler;
    ({ h, s } = await startFourZones('2027-01-04T03:00:00Z'));
    for (const monday of ['2027-01-04', '2027-01-11']) {
      await tickAt(h, s, `${monday}T05:00:00Z`); // Chloe
      await tickAt(h, s, `${monday}T09:00:00Z`); // Ana
      h.clock.now = new Date(`${monday}T09:30:00Z`);
      const before = (await rowsOf(h.db, 'checkins')).length;
      await sendEvent(h, dm('U0ANA', `O1-KR1 2 on track (${monday})`));
      await waitFor(async () => (await rowsOf(h.db, 'checkins')).length > before);
    }
    await tickAt(h, s, '2027-01-12T10:00:00Z'); // one week passed: too early to say anything
    expect(notes()).toEqual([]);
    await tickAt(h, s, '2027-01-18T05:00:00Z'); // Monday of week 3, 05:00 UTC: before 09:00
    expect(notes()).toEqual([]);
    await tickAt(h, s, '2027-01-18T09:00:00Z');
    expect(notes()).toHaveLength(1);
    const text = String(notes()[0]!.args.text);
    expect(text).toContain('*okrbot this month — January 2027* (cycle 2027-Q1)');
    // Weeks 1–3: Ana 2 of 3 (week 3 just asked), Chloe 0 of 3.
    expect(text).toContain('• Answer rate this cycle: 33 % answered (2 of 6)');
    expect(text).toContain('• No answer in the last 30 days: <@U0CHLOE>');
    expect(text).toContain('• Reminders per weekly check-in DM: 0.17'); // Chloe's week-2 reminder, 6 DMs
    await tickAt(h, s, '2027-01-25T09:00:00Z');
    expect(notes()).toHaveLength(1); // once in January
    await tickAt(h, s, '2027-02-01T09:05:00Z');
    expect(notes()).toHaveLength(2);
    expect(String(notes()[1]!.args.text)).toContain('February 2027');
  });
});
