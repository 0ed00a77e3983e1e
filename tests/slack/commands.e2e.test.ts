import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendGradeRequest } from '../../src/services/grading.js';
import { recordCheckin } from '../../src/store/checkins.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import {
  ADMIN,
  buttonPayload,
  command,
  interact,
  okrReply,
  settle,
  startHarness,
  waitFor,
  type Harness,
} from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const kr = async (key: string) => (await getKrInfo(h.db, (await getActiveCycle(h.db))!.id, key))!;

/** Runs `/okr <text>` through the signed HTTP endpoint and returns the ephemeral reply. */
async function okr(user: string, text: string) {
  const reply = await okrReply(h, user, text);
  expect(reply.body.response_type).toBe('ephemeral');
  return reply.body as { text: string; blocks?: Array<{ type: string; text?: { text: string } }> };
}
const all = (r: { text: string; blocks?: unknown[] }) => `${r.text}\n${JSON.stringify(r.blocks ?? [])}`;

describe('/okr', () => {
  it('answers what only reads inside the acknowledgement, and the rest through response_url', async () => {
    await okr('U0ANA', 'mine'); // Ana is matched by email on first contact (users.info): not in the ack
    for (const t of ['help', 'mine', 'show O1-KR1', 'digest', 'digest Platform', 'frobnicate']) {
      const r = await okrReply(h, 'U0ANA', t);
      expect([t, r.via]).toEqual([t, 'ack']);
    }
    expect((await okrReply(h, 'U0MALLORY', 'mine')).via).toBe('response_url'); // unknown here: asks Slack first
    expect((await okrReply(h, 'U0ANA', 'ooo 2027-02-01')).via).toBe('response_url'); // writes
    const before = h.slack.responses.length;
    await okrReply(h, 'U0ANA', 'show O1-KR1');
    await settle();
    expect(h.slack.responses.length).toBe(before); // no second round trip
  });

  it('help lists every subcommand', async () => {
    const r = await okr('U0ANA', 'help');
    for (const sub of [
      'mine',
      'show',
      'checkin',
      'digest',
      'decide',
      'grade',
      'ooo',
      'back',
      'team',
      'cycle',
      'admins',
    ])
      expect(r.text).toContain(`/okr ${sub}`);
    expect((await okr('U0ANA', '')).text).toBe(r.text);
  });

  it('names what was wrong and the right form', async () => {
    expect((await okr('U0ANA', 'frobnicate')).text).toContain('I don\'t know "/okr frobnicate"');
    expect((await okr('U0ANA', 'show')).text).toBe(
      'Which key result?\nUsage: `/okr show O1-KR2 [cycle]` — weekly history of a key result, with evidence and decisions (closed cycles too)',
    );
    expect((await okr('U0ANA', 'show KR2')).text).toContain('"KR2" is not a key result id');
    expect((await okr('U0ANA', 'grade O1-KR1 1.5')).text).toContain('1.5 is outside 0.0–1.0');
    expect((await okr('U0ANA', 'decide O1-KR1 maybe because')).text).toContain(
      'Decide one of double-down, pivot or stop, not "maybe"',
    );
    expect((await okr('U0ANA', 'decide O1-KR1 stop')).text).toContain('Add the rationale');
    expect((await okr('U0ANA', 'ooo next-week')).text).toContain('"next-week" is not a date YYYY-MM-DD');
    expect((await okr(ADMIN, 'team Discovery schedule funday 10:00')).text).toContain('"funday" is not a weekday');
    expect((await okr(ADMIN, 'team Discovery schedule monday 25:00')).text).toContain('"25:00" is not a time HH:MM');
    expect((await okr(ADMIN, 'cycle restart')).text).toContain('Use start or close, not "restart"');
  });

  it('mine lists my KRs with the latest score and a trend strip', async () => {
    await recordCheckin(h.db, { krId: (await kr('O1-KR1')).id, week: 1, confidence: 2, evidence: 'a', authorId: null });
    await recordCheckin(h.db, { krId: (await kr('O1-KR1')).id, week: 2, confidence: 1, evidence: 'b', authorId: null });
    const r = await okr('U0ANA', 'mine'); // Ana is known to Slack by email only: resolved via users.info
    expect(all(r)).toContain('*O1-KR1* Increase weekly active users of advanced features from 5,000 to 8,000');
    expect(all(r)).toContain('🟢🟡⚪ latest 🟡 1 at-risk (week 2)');
    expect(all(r)).toContain('*O2-KR1*');
    expect(all(r)).not.toContain('O1-KR2');
    expect((await okr('U0MALLORY', 'mine')).text).toBe('You own no key results in 2027-Q1.');
  });

  it('show gives the weekly history with evidence and decisions', async () => {
    await recordCheckin(h.db, {
      krId: (await kr('O3-KR1')).id,
      week: 1,
      confidence: 1,
      evidence: 'CFR 17%',
      risks: 'flaky tests',
      authorId: null,
    });
    await recordCheckin(h.db, {
      krId: (await kr('O3-KR1')).id,
      week: 2,
      confidence: 0,
      evidence: 'CFR 19% <!here>',
      authorId: null,
    });
    await okr('U0ELI', 'decide O3-KR1 pivot Focus on rollback speed instead');
    const r = all(await okr('U0MALLORY', 'show o3-kr1'));
    expect(r).toContain('O3-KR1 — active');
    expect(r).toMatch(/Week 2\* 🔴 0 off-track — CFR 19% &lt;!here&gt;[\s\S]*Week 1\* 🟡 1 at-risk — CFR 17%/);
    expect(r).toContain('↪️ Pivot — Focus on rollback speed instead');
    expect((await okr('U0ELI', 'show O9-KR9')).text).toContain('No key result O9-KR9 in 2027-Q1');
  });

  it('checkin opens the modal for a KR, or lists what is pending', async () => {
    const { res, triggerId } = await command(h, 'U0ANA', 'checkin O1-KR1');
    expect(res.status).toBe(200);
    const open = await waitFor(() => h.slack.callsTo('views.open')[0]);
    expect(open.args.trigger_id).toBe(triggerId);
    expect(JSON.stringify(open.args.view)).toContain('O1-KR1');
    const list = all(await okr('U0ANA', 'checkin'));
    expect(list).toContain('2 key results to check in on');
    expect(list).toContain('"action_id":"home:checkin"');
    // Eli has O3-KR1 and O3-KR3; with one pending, the modal opens directly.
    await recordCheckin(h.db, {
      krId: (await kr('O3-KR1')).id,
      week: 3,
      confidence: 2,
      evidence: 'ok',
      authorId: null,
    });
    const before = h.slack.callsTo('views.open').length;
    await command(h, 'U0ELI', 'checkin');
    const direct = await waitFor(() => h.slack.callsTo('views.open')[before]);
    expect(JSON.stringify(direct.args.view)).toContain('O3-KR3');
  });

  it('digest previews a team digest, ephemerally', async () => {
    await recordCheckin(h.db, {
      krId: (await kr('O1-KR2')).id,
      week: 3,
      confidence: 0,
      evidence: 'Adoption flat',
      authorId: null,
    });
    const r = await okr('U0ANA', 'digest Discovery');
    expect(all(r)).toContain('At-risk digest — Discovery — week 3');
    expect(all(r)).toContain('🔴 *O1-KR2*');
    expect(all(r)).toContain('No check-in yet');
    expect(all(r)).toContain('Preview — only you can see this');
    expect((await okr('U0ANA', 'digest')).text).toContain('At-risk digest — Discovery'); // Ana's only team
    expect((await okr('U0ANA', 'digest Nope')).text).toBe('No team named "Nope". Teams: Discovery, Platform.');
  });

  it('decide logs the decision with a snapshot; stop stops the KR; non-owners are refused', async () => {
    const refused = await okr('U0MALLORY', 'decide O1-KR1 stop not mine');
    expect(refused.text).toContain(
      "Only members of O1-KR1's team (its KR owners) or an okrbot admin can propose a decision on it",
    );
    expect(await rowsOf(h.db, 'decisions')).toEqual([]);

    const r = await okr('U0ANA', 'decide O1-KR1 stop Adoption is driven by pricing, not discovery');
    expect(r.text).toContain('Logged *Stop* on *O1-KR1* — Adoption is driven by pricing, not discovery.');
    const [d] = await rowsOf(h.db, 'decisions');
    expect(d).toMatchObject({ kind: 'stop', rationale: 'Adoption is driven by pricing, not discovery' });
    expect(JSON.parse(d!.snapshot)).toMatchObject({ key: 'O1-KR1', status: 'active', target: 8000 });
    expect((await kr('O1-KR1')).status).toBe('stopped');
    expect((await okr('U0ANA', 'decide O1-KR1 stop again')).text).toContain('already stopped');
    await okr(ADMIN, 'decide O1-KR2 double-down Early signal is strong');
    expect(await rowsOf(h.db, 'decisions')).toHaveLength(2);
  });

  it('the decision buttons and /okr decide refuse with one rule and one message', async () => {
    const click = async (user: string, krKey: string) => {
      const before = h.slack.callsTo('views.open').length;
      await interact(
        h,
        buttonPayload(
          user,
          { action_id: 'decide:stop', value: JSON.stringify({ k: (await kr(krKey)).id }) },
          { type: 'message', channel_id: 'C0DISC', message_ts: '1.0' },
        ),
      );
      return JSON.stringify((await waitFor(() => h.slack.callsTo('views.open')[before])).args.view);
    };
    const byCommand = (await okr('U0MALLORY', 'decide O1-KR1 stop not mine')).text;
    expect(await click('U0MALLORY', 'O1-KR1')).toContain(byCommand);
    await okr('U0ANA', 'decide O1-KR1 stop Adoption is driven by pricing');
    const stopped = (await okr('U0ANA', 'decide O1-KR1 stop again')).text;
    expect(stopped).toBe('O1-KR1 is already stopped. Nothing was logged.');
    expect(await click('U0ANA', 'O1-KR1')).toContain(stopped);
    expect(await click('U0ANA', 'O1-KR2')).toContain('"submit":{"type":"plain_text","text":"Propose"'); // a teammate proposes
  });

  it('decide by a team member who is not the owner records a proposal and asks the owner', async () => {
    await okr('U0ANA', 'mine'); // Ana is recognised (by email) so she can be DMed
    const r = await okr('U0BEN', 'decide O2-KR1 pivot Tours do not move adoption; try in-app hints');
    expect(r.text).toContain('Proposed *Pivot* on *O2-KR1*');
    expect(await rowsOf(h.db, 'decisions')).toMatchObject([{ kind: 'pivot', status: 'proposed', decidedBy: null }]);
    expect((await kr('O2-KR1')).status).toBe('active');
    const dm = await waitFor(() => h.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'U0ANA'));
    expect(JSON.stringify(dm.args.blocks)).toContain('decision:confirm');
    expect(JSON.stringify(dm.args.blocks)).toContain('proposes *Pivot* on your key result *O2-KR1*');
  });

  it('grade sets a 0.0–1.0 grade and reports the objective score', async () => {
    expect((await okr('U0MALLORY', 'grade O1-KR1 0.9')).text).toContain('Only the owner of O1-KR1');
    const r = await okr('U0ANA', 'grade O1-KR1 0.7');
    expect(r.text).toBe('Graded *O1-KR1* 0.7. Objective O1 score: 0.7 (1 of 3 graded).');
    await okr('U0BEN', 'grade O1-KR2 .4');
    expect((await okr('U0ANA', 'grade O1-KR1 0.8')).text).toBe(
      'Graded *O1-KR1* 0.8 (was 0.7). Objective O1 score: 0.6 (2 of 3 graded).',
    );
    expect((await kr('O1-KR1')).grade).toBe(0.8);
  });

  it('grade refreshes the owner’s grade DM and Home, as the modal does', async () => {
    const ana = (await rowsOf(h.db, 'people')).find((p) => p.email === 'ana@example.com')!;
    const sent = await sendGradeRequest(h.bot.deps, (await getActiveCycle(h.db))!, ana.id);
    expect(sent.status).toBe('sent');
    const dmTs = (sent as { ts: string }).ts;
    expect(h.slack.callsTo('chat.postMessage').at(-1)!.args.text).toContain('2 key results to grade');
    await okr('U0ANA', 'grade O2-KR1 0.9');
    const update = await waitFor(() => h.slack.callsTo('chat.update').find((c) => c.args.ts === dmTs));
    expect(update.args.text).toContain('1 key result to grade');
    await waitFor(() => h.slack.callsTo('views.publish').find((c) => c.args.user_id === 'U0ANA'));
  });

  it('ooo and back set and clear the out-of-office date', async () => {
    expect((await okr('U0ANA', 'ooo 2027-01-01')).text).toContain('is in the past');
    expect((await okr('U0ANA', 'ooo 2027-02-01')).text).toContain('Out of office until 2027-02-01');
    expect((await rowsOf(h.db, 'people')).find((p) => p.slackUserId === 'U0ANA')!.oooUntil).toBe('2027-02-01');
    await okr('U0ANA', 'back');
    expect((await rowsOf(h.db, 'people')).find((p) => p.slackUserId === 'U0ANA')!.oooUntil).toBeNull();
  });

  it('a closed cycle stays readable with /okr show (by name too), and leaves Home', async () => {
    await recordCheckin(h.db, {
      krId: (await kr('O1-KR1')).id,
      week: 2,
      confidence: 1,
      evidence: 'Activation stalls at step 3',
      authorId: null,
    });
    expect((await okr(ADMIN, 'cycle close')).text).toContain('Closed cycle 2027-Q1');
    const shown = all(await okr('U0ANA', 'show O1-KR1'));
    expect(shown).toContain('Activation stalls at step 3');
    expect(shown).not.toContain('kr:edit'); // archived: no editing
    expect(all(await okr('U0ANA', 'show O1-KR1 2027-Q1'))).toContain('Activation stalls at step 3');
    expect((await okr('U0ANA', 'show O1-KR1 2031-Q9')).text).toBe('No cycle named "2031-Q9".');
    expect((await okr('U0ANA', 'mine')).text).toContain('There is no active OKR cycle');
  });

  it('commands from someone okrbot has never heard of write nothing', async () => {
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all(
          (['people', 'checkins', 'decisions', 'keyResults', 'teams', 'cycles'] as const).map((t) => rowsOf(h.db, t)),
        ),
      );
    const before = await snapshot();
    expect((await okr('U0MALLORY', 'back')).text).toBe(
      'okrbot has no key results for you, so there are no check-ins to pause or resume. Nothing was changed.',
    );
    expect((await okr('U0MALLORY', 'ooo 2027-02-01')).text).toContain('Nothing was changed.');
    for (const t of ['mine', 'show O1-KR1', 'digest', 'decide O1-KR1 stop not mine', 'grade O1-KR1 0.5', 'help'])
      await okr('U0MALLORY', t);
    // checkin answers with a modal (a notice for a stranger), not a reply
    for (const t of ['checkin', 'checkin O1-KR1']) expect((await command(h, 'U0MALLORY', t)).res.status).toBe(200);
    await waitFor(() => h.slack.callsTo('views.open').length + h.slack.responses.length >= 8);
    expect(await snapshot()).toBe(before);
  });

  it('admin commands are refused for others and change nothing', async () => {
    const before = [await rowsOf(h.db, 'teams'), await rowsOf(h.db, 'cycles')];
    for (const t of [
      'team Discovery channel <#C0DISC|okr-discovery>',
      'team Discovery schedule friday 15:00',
      'cycle close',
    ]) {
      expect((await okr('U0ANA', t)).text).toBe(
        'Only okrbot admins (`/okr admins` lists them) can do that. Nothing was changed.',
      );
    }
    expect([await rowsOf(h.db, 'teams'), await rowsOf(h.db, 'cycles')]).toEqual(before);
  });

  it('admins set team channel and schedule, and start and close cycles', async () => {
    expect((await okr(ADMIN, 'team Discovery channel <#C0DISC|okr-discovery>')).text).toContain('posted in <#C0DISC>');
    expect((await okr(ADMIN, 'team Discovery schedule friday 15:30 Asia/Kolkata')).text).toContain(
      'checks in on friday at 15:30',
    );
    expect((await rowsOf(h.db, 'teams')).find((t) => t.name === 'Discovery')).toMatchObject({
      digestChannel: 'C0DISC',
      checkinWeekday: 5,
      checkinTime: '15:30',
      timezone: 'Asia/Kolkata',
    });
    expect((await okr(ADMIN, 'team Nope channel #C0X')).text).toContain('No team named "Nope"');

    expect((await okr(ADMIN, 'cycle start')).text).toContain('Cycle 2027-Q1 is active. Close it first');
    const closed = (await okr(ADMIN, 'cycle close')).text;
    expect(closed).toContain('Closed cycle 2027-Q1');
    expect(closed).toContain('Discovery: nothing graded, no summary posted');
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DISC')).toEqual([]); // no empty summary
    expect((await okr('U0ANA', 'mine')).text).toContain('There is no active OKR cycle');
    expect((await okr(ADMIN, 'cycle start 2027-Q1')).text).toContain('Started cycle 2027-Q1');
    expect((await rowsOf(h.db, 'cycles'))[0]!.state).toBe('active');
    expect(await rowsOf(h.db, 'keyResults')).toHaveLength(10);
  });
});
