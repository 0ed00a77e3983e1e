import { afterEach, describe, expect, it } from 'vitest';
import { DELIVERY_EVENT } from '../../src/services/delivery.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { dm, sendEvent, settle, startHarness, waitFor, type Harness, tickAt } from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/**
 * Exactly once, end to end: whatever Slack or a crash does to a send, each owner ends with exactly
 * one check-in DM, recorded as sent with the channel and ts Slack gave it.
 */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const personId = async (email: string) => (await rowsOf(h.db, 'people')).find((p) => p.email === email)!.id;
const checkinRow = async (email: string) => {
  const id = await personId(email);
  return (await rowsOf(h.db, 'deliveries')).find((d) => d.purpose === 'checkin' && d.personId === id);
};
const weeklyDms = (dmChannel: string) =>
  [...(h.slack.history.get(dmChannel) ?? [])].filter((m) => String(m.text).startsWith('Weekly check-in'));

async function setup(config: Record<string, unknown> = {}) {
  h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', now: '2027-01-11T03:00:00Z', config });
  h.slack.channels.set('C0DISC', { member: true }).set('C0PLAT', { member: true });
  const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
  await tickAt(h, s, '2027-01-11T03:00:00Z'); // learns time zones; nothing due yet
  return s;
}

describe('exactly-once check-in DMs', () => {
  it('a Slack that posts but answers after the timeout: in doubt, then found in history, never re-sent', async () => {
    const s = await setup({ OKRBOT_SLACK_TIMEOUT_MS: 200 });
    h.slack.inject('chat.postMessage', { delayMs: 600 }, { match: (a) => a.channel === 'U0ANA' });
    const report = await tickAt(h, s, '2027-01-11T09:00:00Z'); // Monday 10:00 Berlin (and 14:30 Kolkata)
    const checkins = report!.reports.find((r) => r.job === 'checkins')!;
    expect(checkins).toMatchObject({
      due: 2,
      sent: 1,
      failed: [],
      deferred: [],
      inDoubt: [{ personId: await personId('ana@example.com'), error: 'request_timeout' }],
    });
    await settle(700); // Slack gets round to it
    expect(weeklyDms('D0ANA')).toHaveLength(1);
    expect(await checkinRow('ana@example.com')).toMatchObject({
      state: 'claimed',
      error: 'request_timeout',
      channel: 'U0ANA',
    });

    await tickAt(h, s, '2027-01-11T09:01:00Z'); // too soon to judge: a send may still be in flight
    expect((await checkinRow('ana@example.com'))!.state).toBe('claimed');
    const later = await tickAt(h, s, '2027-01-11T09:03:00Z');
    expect(later!.reconciled).toMatchObject({ confirmed: 1, notPosted: 0 });
    const [posted] = weeklyDms('D0ANA');
    expect(await checkinRow('ana@example.com')).toMatchObject({
      state: 'sent',
      channel: 'D0ANA',
      ts: posted!.ts,
      error: null,
    });
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ANA')).toHaveLength(1);
    // Every post names its delivery in message metadata; reconciliation read it back.
    expect(h.slack.callsTo('conversations.history')[0]!.args).toMatchObject({
      channel: 'D0ANA',
      include_all_metadata: 'true',
    });

    // Ana answers in the DM: the message she got is updated in place.
    await sendEvent(h, dm('U0ANA', 'O1-KR1 1 adoption flat'));
    const update = await waitFor(() => h.slack.callsTo('chat.update').find((c) => c.args.ts === posted!.ts));
    expect(update.args.channel).toBe('D0ANA');
  });

  it('a Slack that posts and then answers 500: one DM', async () => {
    const s = await setup();
    h.slack.inject('chat.postMessage', { status: 500, afterWork: true }, { match: (a) => a.channel === 'U0ANA' });
    const report = await tickAt(h, s, '2027-01-11T09:00:00Z');
    expect(report!.reports.find((r) => r.job === 'checkins')).toMatchObject({
      sent: 1,
      inDoubt: [{ error: 'http_error' }],
    });
    await tickAt(h, s, '2027-01-11T09:03:00Z');
    expect(weeklyDms('D0ANA')).toHaveLength(1);
    expect(await checkinRow('ana@example.com')).toMatchObject({ state: 'sent', channel: 'D0ANA' });
    await tickAt(h, s, '2027-01-11T09:06:00Z');
    expect(weeklyDms('D0ANA')).toHaveLength(1);
  });

  it('5xx until attempts run out: reported as failed, shown as "could not reach", never doubled', async () => {
    const s = await setup();
    h.slack.inject('chat.postMessage', { status: 500 }, { times: 50, match: (a) => a.channel === 'U0ANA' });
    const reports = [];
    for (let minute = 0; minute <= 18; minute += 3)
      reports.push(await tickAt(h, s, `2027-01-11T09:${String(minute).padStart(2, '0')}:00Z`));
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ANA')).toHaveLength(5); // MAX_ATTEMPTS
    expect(weeklyDms('D0ANA')).toHaveLength(0);
    expect(await checkinRow('ana@example.com')).toMatchObject({ state: 'failed', error: 'http_error', attempts: 5 });
    const gaveUp = reports.flatMap((r) => r!.reconciled.gaveUp);
    expect(gaveUp).toEqual([
      expect.objectContaining({ purpose: 'checkin', personId: await personId('ana@example.com'), error: 'http_error' }),
    ]);
    await tickAt(h, s, '2027-01-12T09:00:00Z'); // Tuesday 10:00 Berlin: Discovery's digest
    const digest = h.slack
      .callsTo('chat.postMessage')
      .find((c) => c.args.channel === 'C0DISC' && String(c.args.text).includes('week 2'))!;
    expect(JSON.stringify(digest.args.blocks)).toMatch(/Could not reach.*O1-KR1/);
    expect(JSON.stringify(digest.args.blocks)).not.toMatch(/Could not reach.*O1-KR2/);
  });

  it('claims left by a crashed process are settled from Slack: found ones marked sent, missing ones sent once', async () => {
    const s = await setup();
    const insert = async (email: string, channel: string | null) => {
      const personIdOf = await personId(email);
      const row = {
        purpose: 'checkin',
        subject: `cycle:1/week:2/person:${personIdOf}`,
        cycleId: 1,
        week: 2,
        personId: personIdOf,
        state: 'claimed' as const,
        attempts: 1,
        channel,
        claimedAt: '2027-01-11T08:59:00.000Z',
      };
      return (await h.db.first(h.db.insert(h.db.t.deliveries).values(row).returning()))!;
    };
    const ana = await insert('ana@example.com', 'U0ANA'); // Slack accepted it; the process died before the mark
    await insert('chloe@example.com', 'U0CHLOE'); // died before Slack saw it
    const ts = `${Date.parse('2027-01-11T08:59:01Z') / 1000}.000100`; // a second after the claim
    h.slack.history.set('D0ANA', [
      {
        ts,
        text: 'Weekly check-in — 2027-Q1, week 2',
        metadata: { event_type: DELIVERY_EVENT, event_payload: { delivery: ana.id } },
      },
    ]);
    h.slack.messages.set(`D0ANA/${ts}`, { text: 'Weekly check-in' });
    const report = await tickAt(h, s, '2027-01-11T09:05:00Z');
    expect(report!.reconciled).toMatchObject({ confirmed: 1, notPosted: 1, gaveUp: [] });
    expect(await checkinRow('ana@example.com')).toMatchObject({ state: 'sent', channel: 'D0ANA', ts });
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ANA')).toHaveLength(0);
    expect(await checkinRow('chloe@example.com')).toMatchObject({ state: 'sent', attempts: 2 });
    expect(weeklyDms('D0CHLOE')).toHaveLength(1);
  });

  it('a reminder Slack did not post (a 500) is sent once on a later tick, not skipped for good', async () => {
    const s = await setup();
    await tickAt(h, s, '2027-01-11T09:00:00Z'); // Ana's weekly DM
    const reminders = () => (h.slack.history.get('D0ANA') ?? []).filter((m) => String(m.text).startsWith('⏰'));
    h.slack.inject(
      'chat.postMessage',
      { status: 500 },
      { match: (a) => a.channel === 'U0ANA' && String(a.text).startsWith('⏰') },
    );
    const first = await tickAt(h, s, '2027-01-12T09:00:00Z'); // 24 h later, no answer: reminder 1 → 500, in doubt
    expect(first!.reports.find((r) => r.job === 'reminders')).toMatchObject({
      due: 2,
      sent: 1,
      inDoubt: [{ error: 'http_error' }],
    }); // Ana's and Chloe's
    expect(reminders()).toHaveLength(0);
    const later = await tickAt(h, s, '2027-01-12T09:03:00Z'); // found not posted, so sent again
    expect(later!.reconciled).toMatchObject({ notPosted: 1 });
    expect(later!.reports.find((r) => r.job === 'reminders')).toMatchObject({ due: 1, sent: 1 });
    expect(reminders()).toHaveLength(1);
    await tickAt(h, s, '2027-01-12T12:00:00Z');
    await tickAt(h, s, '2027-01-13T12:00:00Z');
    expect(reminders()).toHaveLength(1); // one reminder by default, never doubled
  });
});
