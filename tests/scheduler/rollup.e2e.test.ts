import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { recordCheckin } from '../../src/store/checkins.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { recordDecision } from '../../src/store/decisions.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import {
  ADMIN,
  buttonPayload,
  dm,
  interact,
  okrReply,
  sendEvent,
  startHarness,
  tickAt,
  waitFor,
  type Harness,
} from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const kr = async (key: string) => (await getKrInfo(h.db, (await getActiveCycle(h.db))!.id, key))!;
const rollups = () => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0LEAD');
type Block = { type: string; alt_text?: string; slack_file?: { id: string }; text?: { text: string } };

async function setup() {
  h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', now: '2027-01-11T06:00:00Z' });
  h.slack.channels.set('C0DISC', { member: true }).set('C0PLAT', { member: true }).set('C0LEAD', { member: true });
  return new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
}

describe('leadership roll-up', () => {
  it('is set by admins only; posts once a week after the last team digest, with the chart; late check-ins update it in place', async () => {
    const s = await setup();
    expect((await okrReply(h, 'U0ANA', 'leadership channel <#C0LEAD|leadership>')).body.text).toContain(
      'Only okrbot admins',
    );
    expect(await rowsOf(h.db, 'settings')).toEqual([]);
    expect((await okrReply(h, ADMIN, 'leadership channel <#C0LEAD|leadership>')).body.text).toContain(
      'posted in <#C0LEAD> after the team digests',
    );
    expect((await okrReply(h, 'U0ANA', 'leadership')).body.text).toBe(
      'The leadership roll-up goes to <#C0LEAD>. Change it with `/okr leadership channel #channel` (admins).',
    );

    // Week 2: Discovery checks in; Ana's KR drops from on-track (week 1) to off-track, and a pivot is decided.
    await recordCheckin(h.db, {
      krId: (await kr('O1-KR1')).id,
      week: 1,
      confidence: 2,
      evidence: 'ok',
      authorId: null,
    });
    await recordCheckin(h.db, {
      krId: (await kr('O1-KR1')).id,
      week: 2,
      confidence: 0,
      evidence: 'flat',
      authorId: null,
    });
    await recordCheckin(h.db, {
      krId: (await kr('O2-KR1')).id,
      week: 2,
      confidence: 1,
      evidence: 'slow',
      authorId: null,
    });
    await recordDecision(
      h.db,
      { krId: (await kr('O1-KR2')).id, kind: 'pivot', rationale: 'Onboarding <checklist> instead', decidedBy: null },
      new Date('2027-01-12T10:00:00Z'),
    );
    await tickAt(h, s, '2027-01-12T09:00:00Z'); // Tuesday 10:00 Berlin: Discovery's digest — Platform's is not due yet
    expect(rollups()).toEqual([]);
    await tickAt(h, s, '2027-01-13T15:00:00Z'); // Wednesday 10:00 New York: Platform's digest, then the roll-up
    await tickAt(h, s, '2027-01-13T15:01:00Z');
    expect(rollups()).toHaveLength(1);
    const post = rollups()[0]!;
    expect(post.args.text).toBe(
      'Leadership roll-up — 2027-Q1 week 2: 1 off-track, 1 at-risk, 1 dropped, 1 decision, 2 without a check-in across 2 teams.',
    );
    const blocks = post.args.blocks as Block[];
    expect(blocks[2]!.type).toBe('image');
    expect(blocks[2]!.alt_text).toBe(
      'All teams, 2027-Q1 week 2, key results by confidence: Discovery 0 on-track, 0 at-risk, 1 off-track, 1 without a check-in; Platform 0 on-track, 1 at-risk, 0 off-track, 1 without a check-in.',
    );
    expect(h.slack.uploads.get(blocks[2]!.slack_file!.id)!.width).toBeGreaterThan(800);
    const body = JSON.stringify(blocks);
    expect(body).toContain('*Discovery* — 🟢 0 · 🟡 0 · 🔴 1 · ⚪ 1 without a check-in');
    expect(body).toContain(
      'O1 Enable teams to discover and adopt advanced features — 🟢 0 · 🟡 0 · 🔴 1 · ⚪ 1 without a check-in',
    );
    expect(body).toContain('↘ Dropped: O1-KR1 on-track → off-track');
    expect(body).toContain('↪️ Pivot O1-KR2: Onboarding &lt;checklist&gt; instead');
    expect(body).toContain('⚪ No check-in: O1-KR2 (Chloe)');
    expect(body).toContain('*Platform* — 🟢 0 · 🟡 1 · 🔴 0 · ⚪ 1 without a check-in');

    // Chloe answers late, twice: the roll-up is edited once, by the next tick (it reads the whole
    // cycle: not redrawn on every check-in), not re-posted.
    // The after-effects run after the ack; marking the roll-up out of date is their last step.
    const stale = async () => (await rowsOf(h.db, 'settings')).filter((r) => r.key.startsWith('rollup_stale:'));
    const markedAt = async (iso: string) => ((await stale()).some((r) => r.updatedAt === iso) ? true : undefined);
    h.clock.now = new Date('2027-01-13T16:00:00Z');
    await sendEvent(h, dm('U0CHLOE', 'O1-KR2 1 slipping'));
    await waitFor(() => markedAt('2027-01-13T16:00:00.000Z'));
    h.clock.now = new Date('2027-01-13T16:00:20Z');
    await sendEvent(h, dm('U0CHLOE', 'O1-KR2 2 back on plan'));
    await waitFor(() => markedAt('2027-01-13T16:00:20.000Z'));
    // One mark for the week, however many changes; nothing redrawn yet.
    expect((await stale()).map((r) => r.key)).toEqual([`rollup_stale:${(await getActiveCycle(h.db))!.id}:2`]);
    const leadUpdates = () => h.slack.callsTo('chat.update').filter((c) => c.args.channel === 'C0LEAD');
    expect(leadUpdates()).toEqual([]);
    await tickAt(h, s, '2027-01-13T16:01:00Z');
    // Redrawn once: its text at once, the chart in the same update or in one more when Slack has it.
    const withChart = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args.blocks).includes('"image"');
    const update = await waitFor(() => leadUpdates().find(withChart));
    expect(String(update.args.text)).toContain('1 without a check-in across 2 teams');
    const redraws = leadUpdates().length;
    expect(redraws).toBeLessThanOrEqual(2);
    expect(await stale()).toEqual([]);
    await tickAt(h, s, '2027-01-13T16:02:00Z'); // nothing changed since: not redrawn again
    expect(leadUpdates()).toHaveLength(redraws);
    expect(rollups()).toHaveLength(1);

    // Turned off: the next week's roll-up is not posted.
    expect((await okrReply(h, ADMIN, 'leadership off')).body.text).toBe('The leadership roll-up is off.');
    await tickAt(h, s, '2027-01-20T15:01:00Z');
    expect(rollups()).toHaveLength(1);
    expect((await okrReply(h, ADMIN, 'leadership channel general')).body.text).toContain('Name one channel');
  });

  it('/okr overview previews this week privately (text in the ack, the chart after); App Home sets the channel', async () => {
    await setup();
    await recordCheckin(h.db, {
      krId: (await kr('O2-KR2')).id,
      week: 2,
      confidence: 2,
      evidence: 'ok',
      authorId: null,
    });
    const reply = await okrReply(h, 'U0ANA', 'overview');
    expect(reply.via).toBe('ack');
    expect(reply.body.text).toContain('Leadership roll-up — 2027-Q1 week 2');
    expect(JSON.stringify(reply.body.blocks)).toContain('no leadership channel is set');
    const chart = await waitFor(() =>
      h.slack.responses.find((r) => JSON.stringify(r.body.blocks ?? []).includes('"image"')),
    );
    expect(chart.body.text).toBe('📊 All teams, week 2');

    const pick = buttonPayload(
      ADMIN,
      { action_id: 'home:leadership_channel', value: '' },
      { type: 'view', view_id: 'V1' },
    );
    (pick.actions[0] as Record<string, unknown>).type = 'conversations_select';
    (pick.actions[0] as Record<string, unknown>).selected_conversation = 'C0LEAD';
    expect((await interact(h, pick)).status).toBe(200);
    await waitFor(async () => (await rowsOf(h.db, 'settings')).length === 1);
    expect(await rowsOf(h.db, 'settings')).toMatchObject([
      { key: 'leadership_channel', value: 'C0LEAD', updatedBy: ADMIN },
    ]);
    const home = await waitFor(() => h.slack.callsTo('views.publish').find((c) => c.args.user_id === ADMIN));
    expect(JSON.stringify(home.args.view)).toContain('weekly in <#C0LEAD>');
  });

  it('closing the cycle posts the cycle-end roll-up with the metrics for success, once', async () => {
    await setup();
    await okrReply(h, ADMIN, 'leadership channel <#C0LEAD|leadership>');
    await recordCheckin(h.db, {
      krId: (await kr('O1-KR1')).id,
      week: 1,
      confidence: 2,
      evidence: 'ok',
      authorId: null,
    });
    expect((await okrReply(h, 'U0ANA', 'grade O1-KR1 0.8 Onboarding was the lever')).body.text).toContain('0.8');
    const reply = await okrReply(h, ADMIN, 'cycle close');
    expect(reply.body.text).toContain('leadership: cycle-end roll-up posted');
    expect(rollups()).toHaveLength(1);
    const post = rollups()[0]!;
    expect(String(post.args.text)).toMatch(/^Leadership roll-up — 2027-Q1, cycle end: /);
    const body = JSON.stringify(post.args.blocks);
    expect(body).toContain('*Metrics for success*');
    expect(body).toContain('• Completion rate (graded ≥ 0.7): 100 % (1 of 1 graded KRs at 0.7 or more)');
    expect(body).toContain('◦ owner Ana: 100 % (1 of 1 graded KRs whose weekly confidence matched the grade)');
  });
});
