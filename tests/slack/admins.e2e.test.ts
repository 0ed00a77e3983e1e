import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, okrReply, settle, startHarness, type Harness } from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  h.slack.addUser({ id: 'U0ROBOT', name: 'Deploy bot', bot: true });
  h.slack.addUser({ id: 'U0GONE', name: 'Gone', deleted: true });
});
afterEach(async () => {
  await h.stop();
});

const okr = async (user: string, text: string) => (await okrReply(h, user, text)).body.text;
const welcomeDms = (user: string) =>
  h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === user && String(c.args.text).includes('made you an okrbot admin'));
const SET_CHANNEL = 'team Discovery channel <#C0DISC|okr-discovery>';

describe('/okr admins', () => {
  it('lets an admin make someone an admin in Slack, who is told once and may then act as one', async () => {
    const list = await okrReply(h, 'U0ANA', 'admins');
    expect(list.via).toBe('ack'); // reading the list needs only the database
    expect(list.body.text).toContain(`• <@${ADMIN}> — okrbot's configuration (OKR_ADMINS)`);
    expect(await okr('U0ANA', SET_CHANNEL)).toContain('Only okrbot admins (`/okr admins` lists them)');

    expect(await okr(ADMIN, 'admins add <@U0ANA|ana>')).toBe(
      "<@U0ANA> is now an okrbot admin: they can import OKRs, set teams' channels and schedules, start and close cycles, and add admins.",
    );
    expect(await rowsOf(h.db, 'admins')).toEqual([
      { workspaceId: 1, slackUserId: 'U0ANA', addedBy: ADMIN, addedAt: h.clock.now.toISOString() },
    ]);
    expect(welcomeDms('U0ANA')).toHaveLength(1);
    expect(welcomeDms('U0ANA')[0]!.args.text).toContain(`<@${ADMIN}> made you an okrbot admin`);
    expect(await okr('U0ANA', SET_CHANNEL)).toContain("Discovery's at-risk digest will be posted in <#C0DISC>");
    expect(await okr('U0BEN', 'admins')).toContain(`• <@U0ANA> — added by <@${ADMIN}> on 2027-01-19`);

    // Again: nothing changes, nobody is told twice.
    expect(await okr(ADMIN, 'admins add U0ANA')).toBe('<@U0ANA> is an admin already. Nothing was changed.');
    await settle();
    expect(welcomeDms('U0ANA')).toHaveLength(1);
    expect(await rowsOf(h.db, 'admins')).toHaveLength(1);
  });

  it('refuses what cannot be an admin, and those who are not admins, changing nothing', async () => {
    const refusals: Array<[string, string, string]> = [
      [
        'U0BEN',
        'admins add <@U0BEN>',
        'Only okrbot admins (`/okr admins` lists them) can add or remove admins. Nothing was changed.',
      ],
      [
        'U0BEN',
        'admins remove <@U0ADMIN>',
        'Only okrbot admins (`/okr admins` lists them) can add or remove admins. Nothing was changed.',
      ],
      [ADMIN, 'admins add <@U0ROBOT|deploy>', '<@U0ROBOT> is a bot; admins are people. Nothing was changed.'],
      [ADMIN, 'admins add <@U0GONE>', '<@U0GONE> is deactivated in Slack. Nothing was changed.'],
      [ADMIN, 'admins add <@U0NOBODY>', 'Slack does not know <@U0NOBODY> in this workspace. Nothing was changed.'],
      [ADMIN, 'admins add maria', '"maria" is not a person: mention them, e.g. @maria.\nUsage:'],
      [ADMIN, 'admins add', 'Name one person to add, e.g. @maria.'],
      [ADMIN, 'admins promote <@U0ANA>', 'Use add or remove, not "promote".'],
      [ADMIN, 'admins remove <@U0BEN>', '<@U0BEN> is not an okrbot admin. Nothing was changed.'],
      [
        ADMIN,
        `admins remove <@${ADMIN}>`,
        `<@${ADMIN}> is an admin by okrbot's configuration (OKR_ADMINS); whoever runs okrbot can change that. Nothing was changed.`,
      ],
    ];
    for (const [user, text, expected] of refusals)
      expect([text, await okr(user, text)]).toEqual([text, expect.stringContaining(expected)]);
    h.slack.inject('users.info', { error: 'internal_error' }, { times: 1 });
    expect(await okr(ADMIN, 'admins add <@U0CHLOE>')).toBe(
      'Could not check <@U0CHLOE> with Slack (internal_error); try again in a minute. Nothing was changed.',
    );
    expect(await rowsOf(h.db, 'admins')).toEqual([]);
    await settle();
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('lets an admin remove one added in Slack, who then may not act as one', async () => {
    await okr(ADMIN, 'admins add <@U0ANA>');
    await okr('U0ANA', 'admins add <@U0BEN>'); // added admins add others
    expect(await okr('U0BEN', 'admins remove <@U0ANA>')).toBe('<@U0ANA> is no longer an okrbot admin.');
    expect(await okr('U0ANA', SET_CHANNEL)).toContain('Only okrbot admins');
    expect((await rowsOf(h.db, 'admins')).map((a) => [a.slackUserId, a.addedBy])).toEqual([['U0BEN', 'U0ANA']]);
    expect(await okr('U0BEN', 'admins remove <@U0BEN>')).toBe('<@U0BEN> is no longer an okrbot admin.'); // OKR_ADMINS remain
  });
});
