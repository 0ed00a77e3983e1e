import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordCheckin } from '../../src/store/checkins.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { sendCheckinDm } from '../../src/services/weeklyDm.js';
import { alertDepartures } from '../../src/services/departures.js';
import { rowsOf } from '../helpers/db.js';
import {
  buttonPayload,
  checkinValues,
  interact,
  PEOPLE,
  settle,
  startHarness,
  submissionPayload,
  waitFor,
  type Harness,
} from '../helpers/bot.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness(); // 2027-01-19 10:00 UTC: week 3 of 2027-Q1
});
afterEach(async () => {
  await h.stop();
});

const cycle = async () => (await getActiveCycle(h.db))!;
const kr = async (key: string) => (await getKrInfo(h.db, (await cycle()).id, key))!;
const personId = async (email: string) => (await rowsOf(h.db, 'people')).find((p) => p.email === email)!.id;

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: Array<Record<string, unknown>>;
  accessory?: Record<string, unknown>;
};

async function sendAnaDm() {
  const result = await sendCheckinDm(h.bot.deps, await cycle(), await personId('ana@example.com'), 3);
  expect(result.status).toBe('sent');
  return h.slack.callsTo('chat.postMessage').at(-1)!;
}

function buttonsOf(blocks: Block[]) {
  return blocks.flatMap((b) =>
    b.type === 'actions' ? (b.elements as Array<{ action_id: string; value: string; text: { text: string } }>) : [],
  );
}

async function openModalFor(user: string, action: { action_id: string; value: string }) {
  const before = h.slack.callsTo('views.open').length;
  const res = await interact(h, buttonPayload(user, action));
  expect(res.status).toBe(200);
  const call = await waitFor(() => h.slack.callsTo('views.open')[before]);
  return call.args.view as Record<string, unknown> & { blocks: Block[]; private_metadata: string };
}

async function submit(user: string, view: Record<string, unknown>, values: Parameters<typeof checkinValues>[0]) {
  const res = await interact(h, submissionPayload(user, view, checkinValues(values)));
  return { status: res.status, body: res.body ? JSON.parse(res.body) : null };
}

describe('control characters in an answer', () => {
  it('a NUL byte in evidence is dropped, the answer stored, the modal closed', async () => {
    await sendAnaDm();
    const view = await openModalFor('U0ANA', {
      action_id: 'checkin:score:1',
      value: JSON.stringify({ k: (await kr('O1-KR1')).id, w: 3, c: 1 }),
    });
    const r = await submit('U0ANA', view, {
      confidence: 1,
      evidence: 'Adoption\u0000 flat\u001b[31m\nsee dashboard',
      risks: '\u0000',
    });
    expect(r.status).toBe(200);
    expect(r.body).toBeNull(); // acked: the modal closes
    expect(await rowsOf(h.db, 'checkins')).toMatchObject([
      { evidence: 'Adoption flat[31m\nsee dashboard', risks: null },
    ]);
  });
});

describe('weekly check-in DM', () => {
  it('sends one message listing all the owner’s KRs with three buttons each, once', async () => {
    const post = await sendAnaDm();
    expect(post.args.channel).toBe('U0ANA'); // resolved from ana@example.com via users.lookupByEmail
    expect(h.slack.callsTo('users.lookupByEmail')[0]!.args.email).toBe('ana@example.com');
    expect(h.slack.callsTo('conversations.open')).toEqual([]);
    const blocks = post.args.blocks as Block[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Weekly check-in — week 3' } });
    const sections = blocks.filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(sections[0]).toContain('*O1-KR1* Increase weekly active users of advanced features from 5,000 to 8,000');
    expect(sections[1]).toContain('*O2-KR1*');
    expect(buttonsOf(blocks).map((b) => b.text.text)).toEqual([
      '🔴 0 Off-track',
      '🟡 1 At-risk',
      '🟢 2 On-track',
      '🔴 0 Off-track',
      '🟡 1 At-risk',
      '🟢 2 On-track',
    ]);
    const row = await rowsOf(h.db, 'deliveries');
    expect(row).toMatchObject([{ purpose: 'checkin', state: 'sent', channel: 'D0ANA', week: 3 }]);

    const again = await sendCheckinDm(h.bot.deps, await cycle(), await personId('ana@example.com'), 3);
    expect(again).toEqual({ status: 'skipped' });
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
    // The owner's Slack time zone is cached for their local schedule.
    expect((await rowsOf(h.db, 'people')).find((p) => p.email === 'ana@example.com')).toMatchObject({
      slackUserId: 'U0ANA',
      timezone: 'Europe/Berlin',
      name: 'Ana',
    });
  });

  it('does not DM an owner whose Slack account is deactivated (posting would succeed), and tells admins once', async () => {
    h.slack.users.get('U0BEN')!.deleted = true;
    const result = await sendCheckinDm(h.bot.deps, await cycle(), await personId('ben@example.com'), 3);
    expect(result).toEqual({ status: 'failed', error: 'left_slack' });
    expect(
      h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0BEN' || c.args.channel === 'D0BEN'),
    ).toEqual([]);
    expect((await rowsOf(h.db, 'people')).find((p) => p.email === 'ben@example.com')!.leftSlackAt).toBe(
      h.clock.now.toISOString(),
    );
    expect(await alertDepartures(h.bot.deps)).toBe(1); // what each scheduler tick runs
    expect(await alertDepartures(h.bot.deps)).toBe(1); // again: still gone, but nobody is told twice
    const alerts = h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ADMIN');
    expect(alerts.map((c) => c.args.text)).toEqual([
      '👋 Ben left Slack (their account is deactivated), so okrbot no longer asks them for check-ins. They own O1-KR2 in 2027-Q1: give it a new owner with `/okr edit O1-KR2` (or in the OKR file). Until then the digest shows it as "left Slack — reassign".',
    ]);
    expect(await sendCheckinDm(h.bot.deps, await cycle(), await personId('ben@example.com'), 3)).toEqual({
      status: 'skipped',
    });
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1); // nobody told twice
  });
});

describe('button → modal → submission', () => {
  it('opens the modal with the score preselected and last week’s evidence, then records and updates the DM', async () => {
    const k = await kr('O1-KR1');
    await recordCheckin(h.db, {
      krId: k.id,
      week: 2,
      confidence: 2,
      evidence: 'Week 2: 5,600 WAU, on plan',
      authorId: null,
    });
    const post = await sendAnaDm();
    const atRisk = buttonsOf(post.args.blocks as Block[]).find((b) => b.action_id === 'checkin:score:1')!;
    const view = await openModalFor('U0ANA', atRisk);
    expect(view).toMatchObject({ type: 'modal', callback_id: 'checkin_modal', title: { text: 'Check in' } });
    expect(JSON.stringify(view.blocks)).toContain('Week 2: 5,600 WAU, on plan');
    const radio = view.blocks.find((b) => b.block_id === 'confidence') as unknown as {
      element: { initial_option: { value: string } };
    };
    expect(radio.element.initial_option.value).toBe('1');

    const res = await submit('U0ANA', view, {
      confidence: 1,
      evidence: 'Adoption 30% below target',
      risks: 'Onboarding confusion',
      nextAction: 'Test simpler onboarding',
      value: '5,300',
    });
    expect(res).toEqual({ status: 200, body: null });
    expect((await rowsOf(h.db, 'checkins')).find((c) => c.week === 3)).toMatchObject({
      krId: k.id,
      confidence: 1,
      evidence: 'Adoption 30% below target',
      risks: 'Onboarding confusion',
      nextAction: 'Test simpler onboarding',
      value: 5300,
    });
    const update = await waitFor(() => h.slack.callsTo('chat.update')[0]);
    expect(update.args).toMatchObject({ channel: 'D0ANA', ts: (await rowsOf(h.db, 'deliveries'))[0]!.ts });
    const updated = update.args.blocks as Block[];
    expect(updated.find((b) => b.block_id === `kr:${k.id}:done`)!.text!.text).toContain('✅ *O1-KR1*');
    expect(buttonsOf(updated).find((b) => b.value.includes(`"k":${k.id}`))!.text.text).toBe('Edit');
    // The other KR still has its three buttons.
    expect(buttonsOf(updated).filter((b) => b.action_id.startsWith('checkin:score:'))).toHaveLength(3);
    const home = await waitFor(() => h.slack.callsTo('views.publish').find((c) => c.args.user_id === 'U0ANA'));
    expect(JSON.stringify(home.args.view)).toContain('O1-KR1');
  });

  it('starts from last week’s answer, so an unchanged week is open + save', async () => {
    const k = await kr('O1-KR1');
    await recordCheckin(h.db, {
      krId: k.id,
      week: 2,
      confidence: 1,
      evidence: 'WAU 5,400, 20% under plan',
      risks: 'Onboarding',
      nextAction: 'Ship the guided tour',
      value: 5400,
      authorId: null,
    });
    const post = await sendAnaDm();
    const view = await openModalFor(
      'U0ANA',
      buttonsOf(post.args.blocks as Block[]).find((b) => b.action_id === 'checkin:score:1')!,
    );
    const initial = (id: string) =>
      (
        view.blocks.find((b) => b.block_id === id) as unknown as {
          element: { initial_value?: string; initial_option?: { value: string } };
        }
      ).element;
    expect(initial('confidence').initial_option!.value).toBe('1');
    expect(initial('evidence').initial_value).toBe('WAU 5,400, 20% under plan');
    expect(initial('risks').initial_value).toBe('Onboarding');
    expect(initial('next_action').initial_value).toBe('Ship the guided tour');
    expect(initial('value').initial_value).toBe('5400');
    expect(JSON.stringify(view.blocks)).toContain("Prefilled from last week's answer");
    // Slack submits the form as it was prefilled.
    const res = await submit('U0ANA', view, {
      confidence: 1,
      evidence: initial('evidence').initial_value!,
      risks: initial('risks').initial_value!,
      nextAction: initial('next_action').initial_value!,
      value: initial('value').initial_value!,
    });
    expect(res.status).toBe(200);
    expect((await rowsOf(h.db, 'checkins')).find((c) => c.week === 3)).toMatchObject({
      confidence: 1,
      evidence: 'WAU 5,400, 20% under plan',
      risks: 'Onboarding',
      nextAction: 'Ship the guided tour',
      value: 5400,
    });
  });

  it('shows validation errors inline and writes nothing', async () => {
    const post = await sendAnaDm();
    const view = await openModalFor('U0ANA', buttonsOf(post.args.blocks as Block[])[0]!);
    const res = await submit('U0ANA', view, { confidence: 0, evidence: '   ', value: 'lots' });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        evidence: 'Add your evidence: what makes you this confident?',
        value: 'Enter a number, e.g. 5300, or leave it empty.',
      },
    });
    const noScore = await submit('U0ANA', view, { evidence: 'something' });
    expect(noScore.body.errors).toEqual({ confidence: 'Pick a confidence: 0 off-track, 1 at-risk or 2 on-track.' });
    expect(await rowsOf(h.db, 'checkins')).toEqual([]);
    await settle();
    expect(h.slack.callsTo('chat.update')).toEqual([]);
  });

  it('edits keep the previous text in history; a double submit records once', async () => {
    const post = await sendAnaDm();
    const view = await openModalFor(
      'U0ANA',
      buttonsOf(post.args.blocks as Block[]).find((b) => b.action_id === 'checkin:score:2')!,
    );
    const first = await Promise.all([
      submit('U0ANA', view, { confidence: 2, evidence: 'On plan: 5,900 WAU' }),
      submit('U0ANA', view, { confidence: 2, evidence: 'On plan: 5,900 WAU' }),
    ]);
    expect(first.map((r) => r.status)).toEqual([200, 200]);
    expect(await rowsOf(h.db, 'checkins')).toHaveLength(1);
    expect(await rowsOf(h.db, 'checkinHistory')).toEqual([]);
    await waitFor(() => h.slack.callsTo('chat.update').length >= 1);
    await settle();
    expect(h.slack.callsTo('chat.update')).toHaveLength(1);

    const edit = buttonsOf(h.slack.callsTo('chat.update')[0]!.args.blocks as Block[]).find(
      (b) => b.action_id === 'checkin:edit',
    )!;
    const editView = await openModalFor('U0ANA', edit);
    expect(editView.title).toMatchObject({ text: 'Edit check-in' });
    expect(JSON.stringify(editView.blocks)).toContain('"initial_value":"On plan: 5,900 WAU"');
    await submit('U0ANA', editView, { confidence: 1, evidence: 'Revised: EU churn spiked' });
    expect(await rowsOf(h.db, 'checkins')).toMatchObject([{ confidence: 1, evidence: 'Revised: EU churn spiked' }]);
    expect(await rowsOf(h.db, 'checkinHistory')).toMatchObject([{ confidence: 2, evidence: 'On plan: 5,900 WAU' }]);
  });

  it('refuses a non-owner and writes nothing', async () => {
    const post = await sendAnaDm();
    const button = buttonsOf(post.args.blocks as Block[])[0]!;
    const notice = await openModalFor('U0MALLORY', button);
    expect(notice).toMatchObject({ title: { text: 'Not your key result' } });
    expect(JSON.stringify(notice.blocks)).toContain('Only the owner of O1-KR1');

    // Even a forged submission is refused.
    const view = await openModalFor('U0ANA', button);
    const res = await submit('U0MALLORY', view, { confidence: 2, evidence: 'not mine' });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { confidence: 'Only the owner of O1-KR1 or an okrbot admin can check in on it.' },
    });
    expect(await rowsOf(h.db, 'checkins')).toEqual([]);
  });

  it('lets an admin check in for an owner', async () => {
    const post = await sendAnaDm();
    const view = await openModalFor('U0ANA', buttonsOf(post.args.blocks as Block[])[0]!);
    const res = await submit(PEOPLE.admin!.id, view, { confidence: 0, evidence: 'Ana is out; numbers flat' });
    expect(res.status).toBe(200);
    expect(await rowsOf(h.db, 'checkins')).toMatchObject([{ confidence: 0 }]);
  });

  it('closes a week once it has ended', async () => {
    const post = await sendAnaDm();
    const view = await openModalFor('U0ANA', buttonsOf(post.args.blocks as Block[])[0]!);
    h.clock.now = new Date('2027-01-25T08:00:00Z'); // Monday of week 4 in Berlin
    const res = await submit('U0ANA', view, { confidence: 2, evidence: 'late' });
    expect(res.body.errors.confidence).toContain('Week 3 has ended');
    expect(await rowsOf(h.db, 'checkins')).toEqual([]);
    const stale = await openModalFor('U0ANA', buttonsOf(post.args.blocks as Block[])[0]!);
    expect(stale).toMatchObject({ title: { text: 'Week closed' } });
  });

  it('opens the form only for what submitting accepts: a week not yet begun gets a notice, not a form to fill in vain', async () => {
    await sendAnaDm();
    const future = await openModalFor('U0ANA', {
      action_id: 'checkin:score:1',
      value: JSON.stringify({ k: (await kr('O1-KR1')).id, w: 4, c: 1 }),
    });
    expect(future).toMatchObject({ title: { text: 'Not yet' } });
    expect(JSON.stringify(future.blocks)).toContain('Week 4 has not started yet.');
    const stranger = await openModalFor('U0BEN', {
      action_id: 'checkin:score:1',
      value: JSON.stringify({ k: (await kr('O1-KR1')).id, w: 3, c: 1 }),
    });
    expect(stranger).toMatchObject({ title: { text: 'Not your key result' } });
  });

  it('escapes user text so <!channel> never pings anyone', async () => {
    const post = await sendAnaDm();
    const view = await openModalFor('U0ANA', buttonsOf(post.args.blocks as Block[])[0]!);
    await submit('U0ANA', view, { confidence: 0, evidence: 'Blocked by <!channel> & <@U123> <https://evil|click>' });
    const update = await waitFor(() => h.slack.callsTo('chat.update')[0]);
    const text = JSON.stringify(update.args.blocks);
    expect(text).toContain('Blocked by &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil|click&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    // Stored as typed: escaping is for display only.
    expect((await rowsOf(h.db, 'checkins'))[0]!.evidence).toBe('Blocked by <!channel> & <@U123> <https://evil|click>');
  });
});

describe('Slack failures after the answer is saved', () => {
  it('keeps the check-in when chat.update is rate limited, and logs it', async () => {
    const post = await sendAnaDm();
    const view = await openModalFor('U0ANA', buttonsOf(post.args.blocks as Block[])[0]!);
    h.slack.inject('chat.update', { status: 429, retryAfter: 30 });
    const started = Date.now();
    const res = await submit('U0ANA', view, { confidence: 2, evidence: 'on plan' });
    expect(res.status).toBe(200);
    expect(await rowsOf(h.db, 'checkins')).toHaveLength(1);
    await waitFor(() =>
      h.logs.find(
        (l) =>
          l.includes('could not update a posted message') &&
          l.includes('"purpose":"checkin"') &&
          l.includes('ratelimited'),
      ),
    );
    // The 429 is surfaced at once, not waited out for 30 s by the client's queue.
    expect(Date.now() - started).toBeLessThan(5000);
    await waitFor(() => h.slack.callsTo('views.publish').length > 0);
  });
});
