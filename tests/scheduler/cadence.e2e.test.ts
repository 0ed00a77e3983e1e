import { afterEach, describe, expect, it } from 'vitest';
import type { Scheduler } from '../../src/scheduler/scheduler.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import {
  ADMIN,
  buttonPayload,
  checkinValues,
  command,
  interact,
  okrReply,
  startFourZones,
  weeklyDmsTo,
  submissionPayload,
  tickAt,
  waitFor,
  type Harness,
} from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/**
 * A team's check-in cadence and the one rule for when a check-in week opens and closes, driven the
 * way Slack drives okrbot (signed commands, clicks and submissions; the scheduler's ticks at
 * simulated instants). Discovery checks in Monday 10:00 (Ana in Berlin, Chloe in Kolkata), Platform
 * Tuesday 09:30 (Ben in New York, Dev in Auckland). The cycle starts Monday 2027-01-04.
 */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const kr = async (key: string) => (await getKrInfo(h.db, (await getActiveCycle(h.db))!.id, key))!;
const people = async () => rowsOf(h.db, 'people');
const deliveries = async (purpose: string) => (await rowsOf(h.db, 'deliveries')).filter((d) => d.purpose === purpose);
const checkinWeeksOf = async (email: string) => {
  const id = (await people()).find((p) => p.email === email)!.id;
  return (await deliveries('checkin')).filter((d) => d.personId === id && d.state === 'sent').map((d) => d.week);
};
const weeklyDms = (user: string) => weeklyDmsTo(h, user);

async function setup(now: string) {
  let s: Scheduler;
  ({ h, s } = await startFourZones(now));
  return s;
}

/** `/okr checkin <kr>` → the modal Slack was asked to open, with the week it is for. */
async function checkinModal(user: string, key: string) {
  const before = h.slack.callsTo('views.open').length;
  const { res } = await command(h, user, `checkin ${key}`);
  expect(res.status).toBe(200);
  const call = await waitFor(() => h.slack.callsTo('views.open')[before]);
  const view = call.args.view as Record<string, unknown> & { private_metadata: string; title: { text: string } };
  return { view, meta: JSON.parse(view.private_metadata || '{}') as { krId?: number; week?: number } };
}

/** Ticks through a week: Kolkata's and Berlin's Monday 10:00, New York's and Auckland's Tuesday 09:30, digests. */
async function runWeek(s: Scheduler, monday: string) {
  const day = (offset: number, time: string) => {
    const d = new Date(`${monday}T${time}:00Z`);
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString();
  };
  await tickAt(h, s, day(-1, '21:00')); // Tuesday 09:30 in Auckland (Dev)
  await tickAt(h, s, day(0, '05:00')); // Kolkata 10:30
  await tickAt(h, s, day(0, '09:00')); // Berlin 10:00
  await tickAt(h, s, day(1, '09:00')); // Berlin Tuesday 10:00: Discovery's digest
  await tickAt(h, s, day(1, '14:30')); // New York Tuesday 09:30
  await tickAt(h, s, day(2, '15:30')); // New York Wednesday 10:30: Platform's digest
}

describe('a biweekly team', () => {
  it('is asked, reminded and digested in weeks 1 and 3 only; week 2 is not missing anywhere', async () => {
    const s = await setup('2027-01-03T12:00:00Z');
    const refused = await okrReply(h, ADMIN, 'team Discovery cadence monthly');
    expect(refused.body.text).toBe('"monthly" is not a cadence (weekly or biweekly). Nothing was changed.');
    expect((await rowsOf(h.db, 'teams')).find((t) => t.name === 'Discovery')!.checkinCadence).toBe('weekly');
    expect((await okrReply(h, 'U0ANA', 'team Discovery cadence biweekly')).body.text).toMatch(/^Only okrbot admins/);
    const set = await okrReply(h, ADMIN, 'team Discovery cadence biweekly');
    expect(set.body.text).toBe(
      'Discovery checks in every two weeks (weeks 1, 3, 5, …); the digest follows. The weeks between are not counted as missing.',
    );
    expect((await rowsOf(h.db, 'teams')).find((t) => t.name === 'Discovery')!.checkinCadence).toBe('biweekly');

    for (const monday of ['2027-01-04', '2027-01-11', '2027-01-18']) await runWeek(s, monday);

    expect(await checkinWeeksOf('ana@example.com')).toEqual([1, 3]);
    expect(await checkinWeeksOf('chloe@example.com')).toEqual([1, 3]);
    expect(await checkinWeeksOf('ben@example.com')).toEqual([1, 2, 3]); // Platform stays weekly
    const digests = await deliveries('digest');
    const teams = await rowsOf(h.db, 'teams');
    const disc = teams.find((t) => t.name === 'Discovery')!.id;
    const plat = teams.find((t) => t.name === 'Platform')!.id;
    expect(digests.filter((d) => d.teamId === disc && d.state === 'sent').map((d) => d.week)).toEqual([1, 3]);
    expect(digests.filter((d) => d.teamId === plat && d.state === 'sent').map((d) => d.week)).toEqual([1, 2, 3]);
    // Reminders follow the DMs: none in week 2.
    expect((await deliveries('reminder')).filter((d) => d.week === 2 && d.teamId === disc)).toEqual([]);
  });

  it('keeps its check-in week open through the week between, and "last time" is two weeks back', async () => {
    const s = await setup('2027-01-03T12:00:00Z');
    await okrReply(h, ADMIN, 'team Discovery cadence biweekly');
    await runWeek(s, '2027-01-04');
    // Wednesday of week 2: Ana answers week 1 (its check-in is open until week 3's opens).
    h.clock.now = new Date('2027-01-13T12:00:00Z');
    const { view, meta } = await checkinModal('U0ANA', 'O1-KR1');
    expect(meta).toEqual({ krId: (await kr('O1-KR1')).id, week: 1 });
    const res = await interact(
      h,
      submissionPayload('U0ANA', view, checkinValues({ confidence: 1, evidence: 'Tour shipped late; adoption flat' })),
    );
    expect(res.status).toBe(200);
    const stored = await waitFor(async () => (await rowsOf(h.db, 'checkins')).find((c) => c.week === 1));
    expect(stored).toMatchObject({ confidence: 1, evidence: 'Tour shipped late; adoption flat' });
    // The preview in week 2 is week 1's digest (the digest follows the cadence), with Ana's answer.
    const preview = await okrReply(h, ADMIN, 'digest Discovery');
    expect(preview.body.text).toMatch(/^At-risk digest — Discovery — week 1: 0 off-track, 1 at-risk, 1 without/);
    // Week 3's DM shows week 1's answer as last time.
    await runWeek(s, '2027-01-18');
    const week3 = weeklyDms('U0ANA').at(-1)!;
    expect(JSON.stringify(week3.args.blocks)).toContain('Last check-in (week 1): 🟡 1 at-risk');
    expect(String(week3.args.text)).toContain('week 3');
  });
});

describe('when a check-in week opens and closes', () => {
  it('opens the evening before the check-in time: an early answer is week 2, and Monday asks nothing', async () => {
    const s = await setup('2027-01-04T03:00:00Z');
    await runWeek(s, '2027-01-04');
    expect(weeklyDms('U0ANA')).toHaveLength(1);
    // Sunday 17:30 in Berlin: week 1 is still the open one.
    h.clock.now = new Date('2027-01-10T16:30:00Z');
    expect((await checkinModal('U0ANA', 'O1-KR1')).meta.week).toBe(1);
    // Sunday 18:30: week 2 opened at 18:00 the evening before Monday 10:00.
    h.clock.now = new Date('2027-01-10T17:30:00Z');
    const early = await checkinModal('U0ANA', 'O1-KR1');
    expect(early.meta.week).toBe(2);
    await interact(
      h,
      submissionPayload('U0ANA', early.view, checkinValues({ confidence: 2, evidence: 'Leaving Monday; 6,100 WAU' })),
    );
    await waitFor(async () => (await rowsOf(h.db, 'checkins')).find((c) => c.week === 2));
    // Week 1's DM button now says week 1 has closed, and names the open week.
    const before = h.slack.callsTo('views.open').length;
    const click = buttonPayload('U0ANA', {
      action_id: 'checkin:score:2',
      value: JSON.stringify({ k: (await kr('O1-KR1')).id, w: 1, c: 2 }),
    });
    await interact(h, click);
    const notice = (await waitFor(() => h.slack.callsTo('views.open')[before])).args.view as {
      title: { text: string };
      blocks: Array<{ text?: { text: string } }>;
    };
    expect(notice.title.text).toBe('Week closed');
    expect(notice.blocks[0]!.text!.text).toContain('Check in for this week (week 2)');
    // Monday 10:00: nothing left to ask Ana, so no DM (skipped, not sent).
    await tickAt(h, s, '2027-01-11T09:00:00Z');
    expect(weeklyDms('U0ANA')).toHaveLength(1);
    const ana = (await people()).find((p) => p.email === 'ana@example.com')!.id;
    expect((await deliveries('checkin')).find((d) => d.personId === ana && d.week === 2)).toMatchObject({
      state: 'skipped',
      error: 'already_answered',
    });
  });

  it('a plain-text reply the evening before is the coming week too (Chloe in Kolkata)', async () => {
    const s = await setup('2027-01-04T03:00:00Z');
    await runWeek(s, '2027-01-04');
    // Sunday 18:15 in Kolkata (12:45 UTC): Chloe's week 2 is open; her reply goes there.
    h.clock.now = new Date('2027-01-10T12:45:00Z');
    const { sendEvent, dm } = await import('../helpers/bot.js');
    await sendEvent(h, dm('U0CHLOE', '2 cohort at 19%, on track'));
    const row = await waitFor(async () => (await rowsOf(h.db, 'checkins')).find((c) => c.evidence.includes('19%')));
    expect(row.week).toBe(2);
  });
});
