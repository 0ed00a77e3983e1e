import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendCheckinDm } from '../../src/services/weeklyDm.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { rowsOf } from '../helpers/db.js';
import {
  buttonPayload,
  checkinValues,
  dm,
  dmEdit,
  interact,
  okrReply,
  sendEvent,
  settle,
  startHarness,
  submissionPayload,
  waitFor,
  type Harness,
} from '../helpers/bot.js';

/**
 * Text from Slack arrives escaped and with <…> markup (the fake Slack's composer encodes it as real
 * Slack does, tests/slackComposer.ts); okrbot stores what the person typed and escapes it once on the way out.
 */

let h: Harness;
beforeEach(async () => {
  h = await startHarness(); // 2027-01-19 10:00 UTC: week 3 of 2027-Q1
});
afterEach(async () => {
  await h.stop();
});

const cycle = async () => (await getActiveCycle(h.db))!;
const kr = async (key: string) => (await getKrInfo(h.db, (await cycle()).id, key))!;
const dmPosts = (user: string) =>
  h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${user.slice(1)}`);
const TYPED = 'R&D <30% see https://dash.example.com/x?a=1&b=2';

async function checkinByModal(user: string, key: string, evidence: string) {
  const before = h.slack.callsTo('views.open').length;
  await interact(
    h,
    buttonPayload(user, { action_id: 'checkin:score:1', value: JSON.stringify({ k: (await kr(key)).id, w: 3, c: 1 }) }),
  );
  const view = (await waitFor(() => h.slack.callsTo('views.open')[before])).args.view as Record<string, unknown>;
  const res = await interact(h, submissionPayload(user, view, checkinValues({ confidence: 1, evidence })));
  expect(res.status).toBe(200);
}

describe('text from Slack is decoded once, on the way in', () => {
  it('a DM check-in and the same words in the modal store identical text', async () => {
    const sent = dm('U0ANA', `O1-KR1 1 ${TYPED}`);
    expect(sent.text).toBe('O1-KR1 1 R&amp;D &lt;30% see <https://dash.example.com/x?a=1&amp;b=2>'); // as Slack sends it
    await sendEvent(h, sent);
    await waitFor(() => dmPosts('U0ANA').length === 1);
    await checkinByModal('U0ANA', 'O2-KR1', TYPED);
    await waitFor(async () => (await rowsOf(h.db, 'checkins')).length === 2);
    const rows = await rowsOf(h.db, 'checkins');
    expect(rows.map((c) => c.evidence)).toEqual([TYPED, TYPED]);
  });

  it('shows the text escaped once: & < > as typed, the URL still a URL, no &amp;amp;', async () => {
    expect((await sendCheckinDm(h.bot.deps, await cycle(), (await kr('O1-KR1')).ownerId!, 3)).status).toBe('sent');
    await sendEvent(h, dm('U0ANA', `O1-KR1 1 ${TYPED}`));
    const update = await waitFor(() => h.slack.callsTo('chat.update').at(-1));
    const shown = JSON.stringify(update.args.blocks);
    expect(shown).toContain('R&amp;D &lt;30% see https://dash.example.com/x?a=1&amp;b=2');
    expect(shown).not.toContain('&amp;amp;');
    expect(shown).not.toContain('&amp;lt;');
    const digest = await okrReply(h, 'U0ANA', 'digest Discovery');
    expect(JSON.stringify(digest.body)).toContain('R&amp;D &lt;30%');
    expect(JSON.stringify(digest.body)).not.toContain('&amp;amp;');
  });

  it('mentions show as the person and special mentions as words: nobody is pinged', async () => {
    expect((await sendCheckinDm(h.bot.deps, await cycle(), (await kr('O1-KR1')).ownerId!, 3)).status).toBe('sent');
    await okrReply(h, 'U0BEN', 'mine'); // Ben is known (his name stored on first contact)
    await sendEvent(
      h,
      dm(
        'U0ANA',
        'O1-KR1 0 waiting on <@U0BEN> and <@U0GUS>, @channel @here see <https://x.example.com/d|the dashboard>',
      ),
    );
    await waitFor(async () => (await rowsOf(h.db, 'checkins')).length === 1);
    expect((await rowsOf(h.db, 'checkins'))[0]!.evidence).toBe(
      'waiting on @Ben and @Gus, @channel @here see the dashboard (https://x.example.com/d)',
    );
    const update = await waitFor(() => h.slack.callsTo('chat.update').at(-1));
    const shown = JSON.stringify(update.args);
    expect(shown).not.toMatch(/<@U|<!channel>|<!here>/);
  });

  it('/okr text is decoded too: a link title stores what was typed', async () => {
    await okrReply(h, 'U0ANA', 'mine');
    const r = await okrReply(
      h,
      'U0ANA',
      'link O1-KR2 <https://jira.example.com/browse/DISC-41?x=1&y=2> R&D tour <draft>',
    );
    expect(r.body.text).toBe(
      '🔗 Linked *R&amp;D tour &lt;draft&gt;* (https://jira.example.com/browse/DISC-41?x=1&amp;y=2) to O1-KR2.',
    );
    const links = await rowsOf(h.db, 'initiatives');
    expect(links.filter((l) => l.url.includes('DISC-41')).map((l) => [l.url, l.title])).toEqual([
      ['https://jira.example.com/browse/DISC-41?x=1&y=2', 'R&D tour <draft>'],
    ]);
  });

  it('echoes of bad input show it as typed and never ping', async () => {
    const r = await okrReply(h, 'U0ANA', 'ooo @channel&co');
    expect(r.body.text).toContain('"@channel&amp;co" is not a date YYYY-MM-DD.');
    expect(r.body.text).not.toContain('<!channel>');
  });
});

describe('DM messages in the shapes Slack sends them', () => {
  it('text with an attachment (file_share) is a check-in', async () => {
    const event = dm('U0ANA', 'O1-KR1 1 see screenshot', {
      subtype: 'file_share',
      files: [h.slack.addFile('F0SHOT', 'shot.png', 'PNG')],
    });
    await sendEvent(h, event);
    await waitFor(() => dmPosts('U0ANA').length === 1);
    expect((await rowsOf(h.db, 'checkins')).map((c) => [c.confidence, c.evidence])).toEqual([[1, 'see screenshot']]);
    expect(h.slack.fileDownloads).toEqual([]); // a screenshot is not an OKR file: never downloaded
  });

  it('an edit corrects that week’s check-in, never adds one, and is answered once', async () => {
    const first = dm('U0ANA', 'O1-KR1 1 adoption flat');
    await sendEvent(h, first);
    await waitFor(() => dmPosts('U0ANA').length === 1);
    const edit = dmEdit(first, 'O1-KR1 0 adoption falling & churn up');
    await sendEvent(h, edit);
    await waitFor(() => dmPosts('U0ANA').length === 2);
    await sendEvent(h, edit, {}); // Slack retrying the same edit (a new event id): no second answer
    await settle();
    const rows = await rowsOf(h.db, 'checkins');
    expect(rows.map((c) => [c.confidence, c.evidence])).toEqual([[0, 'adoption falling & churn up']]);
    expect(dmPosts('U0ANA').map((c) => c.args.text)).toEqual([
      '✅ Saved O1-KR1 for week 3: 🟡 1 at-risk. 1 still to answer.',
      '✏️ Updated O1-KR1 for week 3 with your edit: 🔴 0 off-track.',
    ]);
  });

  it('an edit that names another KR changes nothing and says how to check in on it', async () => {
    const first = dm('U0ANA', 'O1-KR1 1 adoption flat');
    await sendEvent(h, first);
    await waitFor(() => dmPosts('U0ANA').length === 1);
    await sendEvent(h, dmEdit(first, 'O2-KR1 2 tours used'));
    await waitFor(() => dmPosts('U0ANA').length === 2);
    expect(String(dmPosts('U0ANA')[1]!.args.text)).toContain(
      'O1-KR1 stays as it was. To check in on O2-KR1, send it as a new message.',
    );
    expect((await rowsOf(h.db, 'checkins')).map((c) => c.evidence)).toEqual(['adoption flat']);
  });

  it('a reply in a thread is answered in that thread', async () => {
    const parent = dm('U0ANA', 'hello');
    await sendEvent(h, dm('U0ANA', 'O1-KR1 2 on plan', { thread_ts: parent.ts }));
    const answer = await waitFor(() => dmPosts('U0ANA')[0]);
    expect(answer.args.thread_ts).toBe(parent.ts);
  });

  it('our own DM being updated (message_changed from the bot) and link unfurls are not answered', async () => {
    const ours = {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: 'D0ANA',
      channel_type: 'im',
      ts: '2.0',
      message: {
        type: 'message',
        bot_id: 'B0BOT',
        user: 'U0BOT',
        text: 'Weekly check-in',
        ts: '1.0',
        edited: { user: 'U0BOT', ts: '2.0' },
      },
      previous_message: { text: 'x', ts: '1.0' },
    };
    const unfurl = {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: 'D0ANA',
      channel_type: 'im',
      ts: '3.0',
      message: { type: 'message', user: 'U0ANA', text: 'O1-KR1 1 see <https://x.example.com>', ts: '1.5' },
      previous_message: { text: 'O1-KR1 1 see <https://x.example.com>', ts: '1.5' },
    };
    await sendEvent(h, ours);
    await sendEvent(h, unfurl);
    await settle(300);
    expect(dmPosts('U0ANA')).toEqual([]);
    expect(await rowsOf(h.db, 'checkins')).toEqual([]);
  });
});
