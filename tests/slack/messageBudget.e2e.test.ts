import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postTeamDigest, refreshTeamDigest } from '../../src/services/teamDigest.js';
import { recordCheckin } from '../../src/store/checkins.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { listKrInfos } from '../../src/store/keyResults.js';
import { getTeamByName } from '../../src/store/teams.js';
import { totalBlockText, TOTAL_TEXT_LIMIT } from '../fakeSlackBlocks.js';
import { ADMIN, okrReply, startHarness, type Harness } from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/**
 * Slack refuses a message whose blocks hold more than ~12,000 characters in total
 * (msg_blocks_too_long), even when each block is within its own limit; the fake refuses it too.
 */

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ importFile: 'tests/fixtures/forty-krs.yaml' }); // 2027-01-19: week 3
  h.slack.channels.set('C0BIG', { member: true });
  expect((await okrReply(h, ADMIN, 'team Big channel <#C0BIG|big>')).body.text).toContain('<#C0BIG>');
});
afterEach(async () => {
  await h.stop();
});

async function fortyAtRisk(evidence: (key: string) => string) {
  const cycle = (await getActiveCycle(h.db))!;
  for (const kr of await listKrInfos(h.db, { cycleId: cycle.id })) {
    await recordCheckin(h.db, {
      krId: kr.id,
      week: 3,
      confidence: 0,
      evidence: evidence(kr.key),
      risks: 'r'.repeat(400),
      nextAction: 'n'.repeat(300),
      authorId: null,
    });
  }
  return { cycle, team: (await getTeamByName(h.db, 'Big'))! };
}

const posts = () => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0BIG');

describe('a digest longer than one Slack message', () => {
  it('is posted as a message and its continuation in the thread, each within the total, all KRs shown, once', async () => {
    const { cycle, team } = await fortyAtRisk((key) => `${key}: ${'evidence '.repeat(130)}`);
    const r = await postTeamDigest(h.bot.deps, cycle, team, 3);
    expect(r.status).toBe('sent');
    const parts = posts();
    expect(parts.length).toBeGreaterThan(1);
    const first = parts[0]!;
    expect(first.args.thread_ts).toBeUndefined();
    const ts = (r as { ts: string }).ts;
    for (const p of parts.slice(1)) expect(p.args.thread_ts).toBe(ts);
    for (const p of parts) expect(totalBlockText(p.args.blocks)).toBeLessThanOrEqual(TOTAL_TEXT_LIMIT);
    const all = parts.map((p) => JSON.stringify(p.args.blocks)).join('');
    for (let o = 1; o <= 10; o++) for (let k = 1; k <= 4; k++) expect(all).toContain(`*O${o}-KR${k}*`);
    expect(String(parts[1]!.args.text)).toMatch(/\(continued, 2 of \d+\)$/);
    // The chart of 40 KRs has a long description: the file's alt_txt is cut to Slack's 1,000, the block's keeps 2,000.
    const image = (first.args.blocks as Array<{ type: string; alt_text?: string; slack_file?: { id: string } }>).find(
      (b) => b.type === 'image',
    )!;
    expect(image.alt_text!.length).toBeGreaterThan(1000);
    expect(image.alt_text!.length).toBeLessThanOrEqual(2000);
    expect(h.slack.uploads.get(image.slack_file!.id)!.altText).toBe(image.alt_text!.slice(0, 1000));

    // A late check-in redraws every part in place; posting again sends nothing.
    const kr = (await listKrInfos(h.db, { cycleId: cycle.id })).find((k) => k.key === 'O10-KR4')!;
    await recordCheckin(h.db, { krId: kr.id, week: 3, confidence: 2, evidence: 'back on plan', authorId: null });
    await refreshTeamDigest(h.bot.deps, cycle, team.id, 3);
    const updates = h.slack.callsTo('chat.update').filter((c) => c.args.channel === 'C0BIG');
    expect(updates.length).toBeGreaterThanOrEqual(parts.length - 1);
    for (const u of updates) expect(totalBlockText(u.args.blocks)).toBeLessThanOrEqual(TOTAL_TEXT_LIMIT);
    expect(await postTeamDigest(h.bot.deps, cycle, team, 3)).toEqual({ status: 'skipped' });
    expect(posts()).toHaveLength(parts.length);
    const rows = (await rowsOf(h.db, 'deliveries')).filter((d) => d.purpose.startsWith('digest'));
    expect(rows.map((d) => d.state)).toEqual(parts.map(() => 'sent'));
  });

  it('/okr digest (an ephemeral answer, which cannot continue) fits and says where the rest is', async () => {
    await fortyAtRisk((key) => `${key}: ${'evidence '.repeat(130)}`);
    const reply = await okrReply(h, ADMIN, 'digest Big');
    const blocks = reply.body.blocks as unknown[];
    expect(totalBlockText(blocks)).toBeLessThanOrEqual(TOTAL_TEXT_LIMIT);
    expect(JSON.stringify(blocks.at(-1))).toMatch(/more/);
  });
});
