import { afterEach, describe, expect, it } from 'vitest';
import type { Scheduler } from '../../src/scheduler/scheduler.js';
import {
  ADMIN,
  buttonPayload,
  dm,
  interact,
  okrReply,
  sendEvent,
  startFourZones,
  tickAt,
  waitFor,
  type Harness,
} from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/**
 * Escalation, with the clock moved through the weeks: Discovery escalates after 2 missed weeks to
 * its lead Fay. Chloe (Kolkata) never answers; Ana (Berlin) answers week 1 and misses week 2 (one
 * miss: not enough). Platform keeps escalation off: Ben never answers and nobody is told.
 */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const postsTo = (channel: string) => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
const escalationsTo = (user: string) => postsTo(user).filter((c) => String(c.args.text).includes('has not checked in'));

async function notice(user: string, value: string) {
  const before = h.slack.callsTo('views.open').length;
  await interact(h, buttonPayload(user, { action_id: 'escalation:nudge', value }));
  return (await waitFor(() => h.slack.callsTo('views.open')[before])).args.view as { title: { text: string } };
}

describe('escalation to a team’s leads', () => {
  it('after two missed weeks: one private DM to the lead, one nudge on request, nothing in the channel', async () => {
    let s: Scheduler;
    ({ h, s } = await startFourZones('2027-01-03T12:00:00Z'));
    expect((await okrReply(h, ADMIN, 'team Discovery escalate 9')).body.text).toBe(
      'Escalate after 1 to 8 missed weeks, or turn it off. Nothing was changed.',
    );
    expect((await okrReply(h, ADMIN, 'team Discovery leads <@U0FAY|fay>')).body.text).toBe(
      "Discovery's leads: <@U0FAY>.",
    );
    expect((await okrReply(h, ADMIN, 'team Discovery escalate 2')).body.text).toBe(
      'When an owner in Discovery misses 2 check-in weeks in a row, <@U0FAY> will hear of it in one private DM. Never in the channel.',
    );
    for (const [monday, tuesday] of [
      ['2027-01-04', '2027-01-05'],
      ['2027-01-11', '2027-01-12'],
    ]) {
      await tickAt(h, s, `${monday}T05:00:00Z`); // Chloe, Kolkata 10:30
      await tickAt(h, s, `${monday}T09:00:00Z`); // Ana, Berlin 10:00
      await tickAt(h, s, `${tuesday}T15:00:00Z`); // Ben, New York
      if (monday === '2027-01-04') {
        h.clock.now = new Date('2027-01-04T10:00:00Z');
        await sendEvent(h, dm('U0ANA', 'O1-KR1 2 WAU at 5,600'));
        await waitFor(async () => (await rowsOf(h.db, 'checkins')).length === 1);
      }
    }
    await tickAt(h, s, '2027-01-16T12:00:00Z'); // Saturday: week 2 still open for everyone
    expect(escalationsTo('U0FAY')).toEqual([]);
    await tickAt(h, s, '2027-01-17T13:00:00Z'); // Sunday 18:30 in Kolkata: Chloe's week 2 has closed
    const [escalation] = escalationsTo('U0FAY');
    expect(escalation!.args.text).toBe('Chloe has not checked in for 2 weeks in a row (Discovery).');
    const blocks = JSON.stringify(escalation!.args.blocks);
    expect(blocks).toContain('<@U0CHLOE> has not checked in for 2 weeks in a row (weeks 1 and 2) in *Discovery*.');
    expect(blocks).toContain('*O1-KR2*');
    await tickAt(h, s, '2027-01-17T18:00:00Z'); // Ana's week 2 closed too: one miss, not two
    await tickAt(h, s, '2027-01-18T05:00:00Z');
    expect(escalationsTo('U0FAY')).toHaveLength(1); // once per run of misses
    expect(escalationsTo(ADMIN)).toEqual([]); // Discovery has a lead; Platform (Ben) has escalation off
    expect(
      h.slack.callsTo('chat.postMessage').filter((c) => JSON.stringify(c.args).includes('has not checked in')),
    ).toHaveLength(1); // never in a channel

    const button = JSON.parse(blocks).find((b: { type: string }) => b.type === 'actions').elements[0];
    expect(button.text.text).toBe('Nudge Chloe');
    expect((await notice('U0ANA', button.value)).title.text).toBe('Leads only');
    await interact(h, buttonPayload('U0FAY', { action_id: 'escalation:nudge', value: button.value }));
    const nudge = await waitFor(() => postsTo('U0CHLOE').find((c) => String(c.args.text).startsWith('A nudge')));
    expect(JSON.stringify(nudge.args.blocks)).toContain(
      '<@U0FAY> asked me to nudge you: 1 key result (O1-KR2) has had no check-in since week 1.',
    );
    const posted = (await rowsOf(h.db, 'deliveries')).find((d) => d.purpose === 'escalation')!;
    expect(posted).toMatchObject({ state: 'sent', channel: expect.stringMatching(/^D/), week: 2 });
    const updated = await waitFor(() => h.slack.callsTo('chat.update').find((c) => c.args.ts === posted.ts));
    expect(JSON.stringify(updated.args.blocks)).toContain('✅ Nudged by <@U0FAY>.');
    expect((await notice('U0FAY', button.value)).title.text).toBe('Already nudged');
    expect(postsTo('U0CHLOE').filter((c) => String(c.args.text).startsWith('A nudge'))).toHaveLength(1);
  });
});
