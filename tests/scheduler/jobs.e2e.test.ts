import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { acquireLease } from '../../src/store/lease.js';
import { recordCheckin } from '../../src/store/checkins.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import {
  ADMIN,
  buttonPayload,
  command,
  interact,
  sendEvent,
  dm,
  settle,
  startHarness,
  submissionPayload,
  waitFor,
  type Harness,
  tickAt,
} from '../helpers/bot.js';
import { rowsOf, testDatabase } from '../helpers/db.js';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const kr = async (key: string) => (await getKrInfo(h.db, (await getActiveCycle(h.db))!.id, key))!;
const sent = async (purpose: string) => (await rowsOf(h.db, 'deliveries')).filter((d) => d.purpose === purpose);

async function setup(now = '2027-01-11T03:00:00Z') {
  h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', now });
  h.slack.channels.set('C0DISC', { member: true }).set('C0PLAT', { member: true });
  return new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
}

describe('weekly fan-out under Slack failures', () => {
  it('gets everyone else their DM through a 429, a 500 and a person Slack cannot DM, and records the failure', async () => {
    const s = await setup();
    await tickAt(h, s, '2027-01-11T03:00:00Z'); // learns time zones; nothing due yet anywhere
    expect(h.slack.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('U'))).toEqual([]);
    h.slack.inject('chat.postMessage', { status: 429, retryAfter: 1 }, { match: (a) => a.channel === 'U0ANA' });
    h.slack.inject('chat.postMessage', { status: 500 }, { match: (a) => a.channel === 'U0CHLOE' }); // not posted, but who knows

    h.slack.inject(
      'chat.postMessage',
      { error: 'channel_not_found' },
      { times: 10, match: (a) => a.channel === 'U0BEN' },
    ); // Slack cannot DM Ben
    // Monday 10:00 in Berlin; 14:30 in Kolkata (Chloe's 10:00 passed, still daytime).
    const report = await tickAt(h, s, '2027-01-11T09:00:00Z');
    // The 429 is retried at once; the 500 is in doubt until Slack's history says it was not posted.
    expect(report!.reports.find((r) => r.job === 'checkins')).toMatchObject({
      due: 2,
      sent: 1,
      rateLimited: 1,
      failed: [],
      inDoubt: [{ error: 'http_error' }],
    });
    await tickAt(h, s, '2027-01-11T20:30:00Z'); // Tuesday 09:30 in Auckland; Chloe's DM found not posted, but it is night in Kolkata
    await tickAt(h, s, '2027-01-12T04:00:00Z'); // Tuesday 09:30 in Kolkata: Chloe's DM, late but in daytime
    await tickAt(h, s, '2027-01-12T14:30:00Z'); // Tuesday 09:30 in New York
    const rows = await sent('checkin');
    const people = await rowsOf(h.db, 'people');
    const byUser = (email: string) => rows.find((d) => d.personId === people.find((p) => p.email === email)!.id)!;
    expect(byUser('ana@example.com')).toMatchObject({ state: 'sent', week: 2 });
    expect(byUser('chloe@example.com')).toMatchObject({ state: 'sent', week: 2 });
    expect(byUser('dev@example.com')).toMatchObject({ state: 'sent', week: 2 });
    expect(byUser('ben@example.com')).toMatchObject({ state: 'failed', error: 'channel_not_found' });
    // The 429 and the 500 were retried (the 500 after reconciling): one DM each in Slack.
    const dms = (user: string) =>
      h.slack
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === user && String(c.args.text).startsWith('Weekly check-in'));
    expect(dms('U0ANA')).toHaveLength(2); // the refused call, then the real one
    expect(dms('U0CHLOE')).toHaveLength(2);
    expect([...h.slack.messages.values()].filter((m) => String(m.text).startsWith('Weekly check-in'))).toHaveLength(3);
    // Ben is not asked again the next tick, and shows up as "could not reach" in the digest.
    await tickAt(h, s, '2027-01-13T15:30:00Z'); // Wednesday 10:30 New York: Platform's digest
    expect(dms('U0BEN')).toHaveLength(1);
    const digest = h.slack
      .callsTo('chat.postMessage')
      .find((c) => c.args.channel === 'C0PLAT' && String(c.args.text).includes('week 2'))!;
    expect(JSON.stringify(digest.args.blocks)).toContain('Could not reach');
    expect(JSON.stringify(digest.args.blocks)).toContain('O2-KR1');
  });
});

describe('one scheduler per database', () => {
  // SQLite's lease row. On PostgreSQL the lead is a session lock per replica: tests/store/leader.test.ts.
  it.skipIf(testDatabase() === 'postgres')(
    'a second process refuses to schedule until the first one’s lease lapses',
    async () => {
      const s = await setup();
      const other = new Scheduler(h.bot.deps, { rate: 0, concurrency: 1, holder: 'second', leaseMs: 90_000 });
      await tickAt(h, s, '2027-01-11T07:00:00Z');
      expect(s.leader).toBe(true);
      expect(await other.tick()).toBeNull();
      expect(other.leader).toBe(false);
      // The first process dies without releasing; after its lease (90 s) the second takes over.
      h.clock.now = new Date('2027-01-11T07:02:00Z');
      expect(await other.tick()).not.toBeNull();
      expect(other.leader).toBe(true);
      expect(await acquireLease(h.db, 'test', h.clock.now, 90_000)).toBe(false);
    },
  );
});

describe('digests', () => {
  it('posts once at digest time, updates in place after a late check-in, and tells admins when it cannot post', async () => {
    const s = await setup('2027-01-04T06:00:00Z');
    h.slack.channels.set('C0PLAT', { member: false });
    await recordCheckin(h.db, {
      krId: (await kr('O1-KR1')).id,
      week: 1,
      confidence: 0,
      evidence: 'Flat at 5,000',
      authorId: null,
    });
    await tickAt(h, s, '2027-01-05T08:59:00Z'); // Tuesday 09:59 Berlin: not yet
    expect(await sent('digest')).toEqual([]);
    await tickAt(h, s, '2027-01-05T09:00:00Z'); // 10:00 Berlin
    await tickAt(h, s, '2027-01-05T09:01:00Z');
    const posts = h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DISC');
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]!.args.blocks)).toContain('🔴 *O1-KR1*');
    expect(JSON.stringify(posts[0]!.args.blocks)).toContain('No check-in yet');

    // Chloe answers after the digest: the digest is edited, not re-posted.
    h.clock.now = new Date('2027-01-05T12:00:00Z');
    await sendEvent(h, dm('U0CHLOE', 'O1-KR2 1 activation stalled at 13%'));
    const update = await waitFor(() => h.slack.callsTo('chat.update').find((c) => c.args.channel === 'C0DISC'));
    expect(JSON.stringify(update.args.blocks)).toContain('🟡 *O1-KR2*');
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DISC')).toHaveLength(1);

    // Platform's channel does not have the bot: admins hear about it once.
    await tickAt(h, s, '2027-01-06T15:00:00Z'); // Wednesday 10:00 New York
    await tickAt(h, s, '2027-01-06T15:05:00Z');
    const alerts = h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === ADMIN);
    expect(alerts).toHaveLength(1);
    expect(String(alerts[0]!.args.text)).toContain('not_in_channel');
    expect(String(alerts[0]!.args.text)).toContain('/invite @okrbot');
  });

  it('a private channel the bot is not in (Slack: channel_not_found) tells admins to invite it, once', async () => {
    const s = await setup('2027-01-04T06:00:00Z');
    h.slack.channels.set('C0DISC', { member: false, private: true });
    await tickAt(h, s, '2027-01-05T09:00:00Z'); // Tuesday 10:00 Berlin: Discovery's digest
    await tickAt(h, s, '2027-01-05T09:05:00Z');
    const alerts = h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === ADMIN);
    expect(alerts).toHaveLength(1);
    expect(String(alerts[0]!.args.text)).toContain(
      '`channel_not_found`. If it is a private channel, invite me there with `/invite @okrbot`',
    );
  });

  it('an all-green week posts one short line', async () => {
    const s = await setup('2027-01-04T06:00:00Z');
    for (const key of ['O1-KR1', 'O1-KR2'])
      await recordCheckin(h.db, {
        krId: (await kr(key)).id,
        week: 1,
        confidence: 2,
        evidence: `${key} on plan`,
        authorId: null,
      });
    await tickAt(h, s, '2027-01-05T09:00:00Z');
    const post = h.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0DISC')!;
    expect(post.args.blocks).toHaveLength(3);
    expect(JSON.stringify(post.args.blocks)).toContain('All 2 key results on track this week.');
  });
});

describe('mid-cycle decisions', () => {
  it('posts the prompt; the owner decides; a team member proposes and the owner confirms; the prompt updates', async () => {
    const s = await setup('2027-02-15T06:00:00Z');
    await recordCheckin(h.db, {
      krId: (await kr('O1-KR1')).id,
      week: 6,
      confidence: 0,
      evidence: 'Flat for 3 weeks',
      authorId: null,
    });
    await recordCheckin(h.db, {
      krId: (await kr('O1-KR2')).id,
      week: 6,
      confidence: 1,
      evidence: 'Slow',
      authorId: null,
    });
    await tickAt(h, s, '2027-02-15T07:00:00Z'); // learn people
    await tickAt(h, s, '2027-02-15T09:00:00Z'); // 10:00 Berlin on the mid-cycle date
    const prompt = h.slack
      .callsTo('chat.postMessage')
      .find((c) => c.args.channel === 'C0DISC' && String(c.args.text).startsWith('Mid-cycle'))!;
    const buttons = (
      prompt.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>
    )
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements ?? []);
    // The team's strip up to the mid-cycle week (7), below the heading.
    const chart = (prompt.args.blocks as Array<{ type: string; alt_text?: string }>)[2]!;
    expect(chart).toMatchObject({
      type: 'image',
      alt_text: expect.stringContaining(
        'Discovery, 2027-Q1 weeks 1–7, confidence week by week: O1-KR1 no check-in weeks 1–5, off-track week 6',
      ),
    });
    expect(buttons.map((b) => b.action_id)).toEqual([
      'decide:double_down',
      'decide:pivot',
      'decide:stop',
      'decide:double_down',
      'decide:pivot',
      'decide:stop',
    ]);

    // Ana (owner of O1-KR1) pivots with a new target.
    const kr1 = (await kr('O1-KR1')).id;
    const pivot = buttons.find((b) => b.action_id === 'decide:pivot' && b.value.includes(`${kr1}`))!;
    await interact(h, buttonPayload('U0ANA', pivot, { type: 'message', channel_id: 'C0DISC', message_ts: '1.0' }));
    const modal = (await waitFor(() => h.slack.callsTo('views.open')[0])).args.view as Record<string, unknown>;
    expect(modal).toMatchObject({ callback_id: 'decision_modal', title: { text: 'Pivot' } });
    const empty = await interact(
      h,
      submissionPayload('U0ANA', modal, { rationale: { rationale_input: { value: ' ' } } }),
    );
    expect(JSON.parse(empty.body)).toEqual({
      response_action: 'errors',
      errors: { rationale: 'Add the rationale: why this decision?' },
    });
    const ok = await interact(
      h,
      submissionPayload('U0ANA', modal, {
        rationale: { rationale_input: { value: 'Discovery is not the bottleneck; activation is' } },
        new_title: {
          new_title_input: { value: 'Increase weekly active users of advanced features from 5,000 to 6,500' },
        },
        new_target: { new_target_input: { value: '6500' } },
      }),
    );
    expect(ok.body).toBe('');
    expect(await kr('O1-KR1')).toMatchObject({
      target: 6500,
      title: 'Increase weekly active users of advanced features from 5,000 to 6,500',
    });
    expect(await rowsOf(h.db, 'decisions')).toMatchObject([{ kind: 'pivot', status: 'confirmed', newTarget: 6500 }]);
    const update1 = await waitFor(() => h.slack.callsTo('chat.update').find((c) => c.args.channel === 'C0DISC'));
    expect(JSON.stringify(update1.args.blocks)).toContain(
      '*Pivot* — Decided by Ana: Discovery is not the bottleneck; activation is',
    );

    // Ana proposes stopping Chloe's O1-KR2; Chloe confirms from her DM.
    const kr2 = (await kr('O1-KR2')).id;
    const stop = buttons.find((b) => b.action_id === 'decide:stop' && b.value.includes(`${kr2}`))!;
    await interact(h, buttonPayload('U0ANA', stop, { type: 'message', channel_id: 'C0DISC', message_ts: '1.0' }));
    const proposeModal = (await waitFor(() => h.slack.callsTo('views.open')[1])).args.view as Record<string, unknown>;
    expect(proposeModal).toMatchObject({ submit: { text: 'Propose' } });
    await interact(
      h,
      submissionPayload('U0ANA', proposeModal, {
        rationale: { rationale_input: { value: 'Week-1 use is a vanity metric' } },
      }),
    );
    expect((await kr('O1-KR2')).status).toBe('active');
    const ask = await waitFor(() =>
      h.slack
        .callsTo('chat.postMessage')
        .find((c) => c.args.channel === 'U0CHLOE' && String(c.args.text).startsWith('Proposal')),
    );
    const confirm = (ask.args.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'decision:confirm')!;
    // Someone else cannot confirm it.
    await interact(h, buttonPayload('U0BEN', confirm, { type: 'message', channel_id: 'C0DISC', message_ts: '1.0' }));
    await waitFor(() => h.slack.callsTo('views.open').length === 3);
    expect((await kr('O1-KR2')).status).toBe('active');
    await interact(h, buttonPayload('U0CHLOE', confirm, { type: 'message', channel_id: 'D0CHLOE', message_ts: '1.0' }));
    // Her proposal DM, posted once through the gateway, is updated in place to show the outcome.
    const proposalDm = (await sent('proposal'))[0]!;
    expect(proposalDm).toMatchObject({ state: 'sent', channel: 'D0CHLOE' });
    const outcome = await waitFor(() =>
      h.slack.callsTo('chat.update').find((c) => c.args.channel === 'D0CHLOE' && c.args.ts === proposalDm.ts),
    );
    expect(outcome.args.text).toBe('Confirmed: Stop on O1-KR2.');
    expect((await kr('O1-KR2')).status).toBe('stopped');
    expect((await rowsOf(h.db, 'decisions')).find((d) => d.kind === 'stop')).toMatchObject({ status: 'confirmed' });
    const last = h.slack
      .callsTo('chat.update')
      .filter((c) => c.args.channel === 'C0DISC')
      .at(-1)!;
    expect(JSON.stringify(last.args.blocks)).toContain('*Stop* — Decided by Chloe');

    // Stopped: no more check-in DMs for it, and the decision log exports.
    const { res } = await command(h, ADMIN, 'show O1-KR2');
    expect(res.status).toBe(200);
  });
});

describe('end of cycle', () => {
  it('DMs owners to grade, takes grades from the modal, posts the summary and closes the cycle', async () => {
    const s = await setup('2027-04-04T00:00:00Z');
    await recordCheckin(h.db, {
      krId: (await kr('O2-KR1')).id,
      week: 12,
      confidence: 2,
      evidence: 'CFR 9%',
      authorId: null,
    });
    await recordCheckin(h.db, {
      krId: (await kr('O2-KR1')).id,
      week: 13,
      confidence: 2,
      evidence: 'CFR 8%',
      authorId: null,
    });
    await tickAt(h, s, '2027-04-04T13:00:00Z'); // Sunday 09:00 New York: not yet 09:30
    const ben = (await rowsOf(h.db, 'people')).find((p) => p.email === 'ben@example.com')!.id;
    expect((await sent('grade-request')).filter((d) => d.personId === ben)).toEqual([]);
    await tickAt(h, s, '2027-04-04T13:30:00Z');
    const ask = h.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'U0BEN')!;
    expect(String(ask.args.text)).toContain('1 key result to grade');
    const gradeButton = (ask.args.blocks as Array<{ accessory?: { action_id: string; value: string } }>).find(
      (b) => b.accessory?.action_id === 'grade:open',
    )!.accessory!;
    await interact(h, buttonPayload('U0BEN', gradeButton));
    const modal = (await waitFor(() => h.slack.callsTo('views.open')[0])).args.view as Record<string, unknown>;
    expect(JSON.stringify(modal)).toContain('CFR 8%');
    const bad = await interact(h, submissionPayload('U0BEN', modal, { grade: { grade_input: { value: '1.4' } } }));
    expect(JSON.parse(bad.body).errors.grade).toContain('outside 0.0–1.0');
    await interact(h, submissionPayload('U0BEN', modal, { grade: { grade_input: { value: '0.9' } } }));
    expect((await kr('O2-KR1')).grade).toBe(0.9);
    const updated = await waitFor(() => h.slack.callsTo('chat.update').find((c) => c.args.channel === 'D0BEN'));
    expect(JSON.stringify(updated.args.blocks)).toContain('Graded *0.9*');

    // Dev grades too, by command: Platform is fully graded, so its summary goes out at once.
    await command(h, 'U0DEV', 'grade O2-KR2 0.2');
    await waitFor(() => h.slack.responses.length > 0);
    await tickAt(h, s, '2027-04-04T14:00:00Z');
    const summary = h.slack
      .callsTo('chat.postMessage')
      .find((c) => c.args.channel === 'C0PLAT' && String(c.args.text).startsWith('Cycle summary'))!;
    const text = JSON.stringify(summary.args.blocks);
    // The whole cycle as the team's heat strip, below the heading.
    const chart = (summary.args.blocks as Array<{ type: string; alt_text?: string; slack_file?: { id: string } }>)[2]!;
    expect(chart.type).toBe('image');
    expect(chart.alt_text).toMatch(/^Platform, 2027-Q1 weeks 1–13, confidence week by week: O2-KR1 /);
    expect(h.slack.uploads.get(chart.slack_file!.id)!.completed).toBe(true);
    expect(text).toContain('*O2 · Improve post-release operational reliability* — score *0.55*');
    expect(text).toContain('grade *0.9* · confidence 1 → _well calibrated_');
    expect((await rowsOf(h.db, 'cycles'))[0]!.state).toBe('active'); // Discovery is not graded yet
    // Three days after the end, Discovery's summary goes out anyway and the cycle closes.
    await tickAt(h, s, '2027-04-07T08:00:00Z');
    expect((await sent('summary')).map((d) => d.state)).toEqual(['sent', 'sent']);
    expect((await rowsOf(h.db, 'cycles'))[0]!.state).toBe('closed');
    await tickAt(h, s, '2027-04-08T08:00:00Z');
    expect(await sent('summary')).toHaveLength(2);
  });

  it('/okr cycle close posts the summaries early (not for a team with nothing graded) and closes the cycle', async () => {
    await setup('2027-03-01T10:00:00Z');
    const kr1 = (await kr('O1-KR1')).id;
    await h.db.exec(h.db.update(h.db.t.keyResults).set({ grade: 0.7 }).where(eq(h.db.t.keyResults.id, kr1)));
    const { responseId } = await command(h, ADMIN, 'cycle close');
    const reply = await waitFor(() => h.slack.responses.find((r) => r.id === responseId));
    expect(String(reply.body.text)).toContain('Discovery: summary posted');
    expect(String(reply.body.text)).toContain('Platform: nothing graded, no summary posted');
    expect((await rowsOf(h.db, 'cycles'))[0]!.state).toBe('closed');
    expect(
      h.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith('Cycle summary')),
    ).toHaveLength(1);
  });
});

describe('silence and return', () => {
  it('an answer or /okr back resumes DMs', async () => {
    await setup('2027-02-01T10:00:00Z');
    await h.db.exec(h.db.update(h.db.t.people).set({ silencedAt: '2027-01-25T10:00:00Z' }));
    await command(h, 'U0ANA', 'back'); // recognised by email through users.info
    await waitFor(() => h.slack.responses.length === 1);
    expect((await rowsOf(h.db, 'people')).find((p) => p.email === 'ana@example.com')!.silencedAt).toBeNull();
    await sendEvent(h, dm('U0CHLOE', 'O1-KR2 2 back on track'));
    await waitFor(async () => (await rowsOf(h.db, 'checkins')).length === 1);
    await settle();
    expect((await rowsOf(h.db, 'people')).find((p) => p.email === 'chloe@example.com')!.silencedAt).toBeNull();
    expect((await rowsOf(h.db, 'people')).find((p) => p.email === 'ben@example.com')!.silencedAt).not.toBeNull();
  });
});
