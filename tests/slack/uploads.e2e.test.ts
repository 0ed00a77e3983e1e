import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, buttonPayload, interact, sendEvent, startHarness, waitFor, type Harness } from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/** Import by upload: a file dropped into the bot's DM, the dry-run plan, then Confirm — all or nothing. */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const upload = async (user: string, id: string, name: string, content: string) =>
  sendEvent(h, {
    type: 'message',
    subtype: 'file_share',
    channel: `D${user.slice(1)}`,
    channel_type: 'im',
    user,
    text: '',
    ts: `${Date.now() / 1000}`,
    files: [h.slack.addFile(id, name, content)],
  });
const postsTo = (user: string) =>
  h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${user.slice(1)}`);
const example = readFileSync('examples/okrs.example.yaml', 'utf8');

describe('importing an OKR file dropped into the DM', () => {
  it('shows the plan and lint, imports on Confirm, once', async () => {
    const changed = example
      .replace('from 5,000 to 8,000\n', 'from 5,000 to 9,000\n')
      .replace('target: 8000', 'target: 9000');
    const res = await upload(ADMIN, 'F1', 'okrs.yaml', changed);
    expect(res.status).toBe(200);
    const plan = await waitFor(() => postsTo(ADMIN)[0]);
    expect(h.slack.fileDownloads).toEqual([{ id: 'F1', authorized: true }]);
    const shown = JSON.stringify(plan.args.blocks);
    expect(shown).toContain('dry run against cycle *2027-Q1*');
    expect(shown).toContain('~ O1-KR1: target 8000 → 9000');
    expect((await rowsOf(h.db, 'keyResults')).find((k) => k.key === 'O1-KR1')!.target).toBe(8000); // nothing yet
    const confirm = (plan.args.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'import:confirm')!;
    await interact(h, {
      ...buttonPayload(ADMIN, confirm, { type: 'message', channel_id: 'D0ADMIN', message_ts: '1.0' }),
      response_url: h.slack.responseUrl('import-1'),
    });
    const done = await waitFor(() => h.slack.responses.find((r) => r.id === 'import-1'));
    expect(String(done.body.text)).toContain('✅ Imported okrs.yaml into cycle 2027-Q1');
    expect((await rowsOf(h.db, 'keyResults')).find((k) => k.key === 'O1-KR1')!.target).toBe(9000);
    await interact(h, {
      ...buttonPayload(ADMIN, confirm, { type: 'message', channel_id: 'D0ADMIN', message_ts: '1.0' }),
      response_url: h.slack.responseUrl('import-2'),
    });
    expect(String((await waitFor(() => h.slack.responses.find((r) => r.id === 'import-2'))).body.text)).toContain(
      'was already imported',
    );
  });

  it('stores nothing from an invalid file or a non-admin, and ignores other files', async () => {
    const before = JSON.stringify(await rowsOf(h.db, 'keyResults'));
    await upload(ADMIN, 'F2', 'okrs.yaml', 'cycle: { name: X }\nteams: 3\n');
    expect(JSON.stringify((await waitFor(() => postsTo(ADMIN)[0])).args.blocks)).toContain('nothing was imported');
    await upload('U0ANA', 'F3', 'okrs.yaml', example);
    expect(String((await waitFor(() => postsTo('U0ANA')[0])).args.text)).toContain(
      'Only okrbot admins (`/okr admins` lists them) can import OKR files. Nothing was imported.',
    );
    expect(h.slack.fileDownloads.map((d) => d.id)).toEqual(['F2']); // a non-admin's file is never downloaded (files:read)
    await upload(ADMIN, 'F4', 'holiday.png', 'not an okr file');
    await new Promise((r) => setTimeout(r, 150));
    expect(postsTo(ADMIN)).toHaveLength(1);
    expect(await rowsOf(h.db, 'pendingImports')).toEqual([]);
    expect(JSON.stringify(await rowsOf(h.db, 'keyResults'))).toBe(before);
  });
});
