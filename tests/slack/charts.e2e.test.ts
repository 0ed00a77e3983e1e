import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { renderPng } from '../../src/charts/render.js';
import { refreshTeamDigest, teamStripChart } from '../../src/services/teamDigest.js';
import { getTeam } from '../../src/store/teams.js';
import { recordCheckin } from '../../src/store/checkins.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { dm, okrReply, sendEvent, startHarness, tickAt, waitFor, type Harness } from '../helpers/bot.js';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

type Block = { type: string; slack_file?: { id: string }; alt_text?: string };
const kr = async (key: string) => (await getKrInfo(h.db, (await getActiveCycle(h.db))!.id, key))!;
const images = (blocks: unknown) => ((blocks as Block[] | undefined) ?? []).filter((b) => b.type === 'image');
const channelPosts = (channel: string) => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

async function digestWeek1() {
  h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', now: '2027-01-04T06:00:00Z' });
  h.slack.channels.set('C0DISC', { member: true }).set('C0PLAT', { member: true });
  const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
  await recordCheckin(h.db, {
    krId: (await kr('O1-KR1')).id,
    week: 1,
    confidence: 0,
    evidence: 'Flat at 5,000',
    value: 5000,
    authorId: null,
  });
  await tickAt(h, s, '2027-01-05T09:00:00Z'); // Tuesday 10:00 Berlin: Discovery's digest
  return s;
}

describe('charts in Slack', () => {
  it('the team digest carries its heat strip: a PNG uploaded once, shown by an image block with alt text', async () => {
    await digestWeek1();
    const [post] = channelPosts('C0DISC');
    const [image] = images(post!.args.blocks);
    expect((post!.args.blocks as Block[]).findIndex((b) => b.type === 'image')).toBe(2); // below the heading
    const upload = h.slack.uploads.get(image!.slack_file!.id)!;
    expect(upload).toMatchObject({
      completed: true,
      filename: 'Discovery-2027-Q1-week-1.png',
      title: 'Discovery: confidence week by week',
    });
    expect(upload.channel).toBeUndefined(); // not shared on its own: the digest shows it
    expect(upload.bytes!.subarray(1, 4).toString()).toBe('PNG');
    // Exactly the picture okrbot draws for this team and week, at its size (twice the drawn size).
    const cycle = (await getActiveCycle(h.db))!;
    const expected = await renderPng(
      (await teamStripChart(h.bot.deps, cycle, (await getTeam(h.db, (await kr('O1-KR1')).teamId))!, 1))!.spec,
    );
    expect({ width: upload.width, height: upload.height }).toEqual({ width: expected.width, height: expected.height });
    expect(upload.bytes!.equals(expected.data)).toBe(true);
    expect(upload.width).toBeGreaterThan(480);
    expect(image!.alt_text).toBe(
      'Discovery, 2027-Q1 week 1, confidence week by week: O1-KR1 off-track week 1; O1-KR2 no check-ins.',
    );
    expect(upload.altText).toBe(image!.alt_text);
    // The text that notifications show is unchanged.
    expect(String(post!.args.text)).toContain('At-risk digest — Discovery — week 1: 1 off-track');
  });

  it('a chart Slack is still processing: the digest goes out at once as text, and gets the chart by chat.update when the file is ready', async () => {
    h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', now: '2027-01-04T06:00:00Z' });
    h.slack.channels.set('C0DISC', { member: true }).set('C0PLAT', { member: true });
    h.slack.uploadStore.processingMs = 3000; // longer than the 1.5 s a message waits for its chart
    const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
    await recordCheckin(h.db, {
      krId: (await kr('O1-KR1')).id,
      week: 1,
      confidence: 0,
      evidence: 'Flat at 5,000',
      authorId: null,
    });
    await tickAt(h, s, '2027-01-05T09:00:00Z');
    const posts = channelPosts('C0DISC');
    expect(posts).toHaveLength(1); // no refused attempt with the image first
    expect(images(posts[0]!.args.blocks)).toEqual([]);
    expect(String(posts[0]!.args.text)).toContain('At-risk digest — Discovery — week 1');
    const update = await waitFor(() => h.slack.callsTo('chat.update').find((c) => c.args.channel === 'C0DISC'), 10_000);
    const [image] = images(update.args.blocks);
    expect(h.slack.uploads.get(image!.slack_file!.id)!.completed).toBe(true);
    expect(h.slack.callsTo('files.info').length).toBeGreaterThan(1); // polled until processed
    expect(h.slack.callsTo('chat.update').filter((c) => c.args.channel === 'C0DISC')).toHaveLength(1);
  }, 20_000);

  it('/okr show waits for its chart before answering with it', async () => {
    await digestWeek1();
    h.slack.uploadStore.processingMs = 2500;
    await okrReply(h, 'U0ANA', 'mine');
    const before = h.slack.responses.length;
    await okrReply(h, 'U0ANA', 'show O1-KR1');
    const chart = await waitFor(
      () => h.slack.responses.slice(before).find((r) => images(r.body.blocks).length > 0),
      15_000,
    );
    expect(String(chart.body.text)).toBe('📈 O1-KR1 week by week');
  }, 20_000);

  it('a late check-in redraws the chart in the updated digest; an unchanged digest reuses the uploaded file', async () => {
    await digestWeek1();
    const first = images(channelPosts('C0DISC')[0]!.args.blocks)[0]!.slack_file!.id;
    h.clock.now = new Date('2027-01-05T12:00:00Z');
    await sendEvent(h, dm('U0CHLOE', 'O1-KR2 1 activation stalled at 13%'));
    const update = await waitFor(() => h.slack.callsTo('chat.update').find((c) => c.args.channel === 'C0DISC'));
    const second = images(update.args.blocks)[0]!.slack_file!.id;
    expect(second).not.toBe(first);
    expect(h.slack.uploads.get(second)!.bytes!.equals(h.slack.uploads.get(first)!.bytes!)).toBe(false);
    const uploads = h.slack.uploads.size;
    await refreshTeamDigest(h.bot.deps, (await getActiveCycle(h.db))!, (await kr('O1-KR1')).teamId, 1);
    const again = h.slack
      .callsTo('chat.update')
      .filter((c) => c.args.channel === 'C0DISC')
      .at(-1)!;
    expect(images(again.args.blocks)[0]!.slack_file!.id).toBe(second);
    expect(h.slack.uploads.size).toBe(uploads);
  });

  it.each([
    ['getting an upload URL fails', () => h.slack.inject('files.getUploadURLExternal', { error: 'ratelimited' })],
    ['sending the bytes fails', () => h.slack.inject('upload', { status: 500 })],
    ['completing the upload fails', () => h.slack.inject('files.completeUploadExternal', { status: 500 })],
  ])('when %s, the digest still goes out once, as text', async (_what, inject) => {
    h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', now: '2027-01-04T06:00:00Z' });
    h.slack.channels.set('C0DISC', { member: true }).set('C0PLAT', { member: true });
    const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
    await recordCheckin(h.db, {
      krId: (await kr('O1-KR1')).id,
      week: 1,
      confidence: 0,
      evidence: 'Flat at 5,000',
      authorId: null,
    });
    inject();
    await tickAt(h, s, '2027-01-05T09:00:00Z');
    await tickAt(h, s, '2027-01-05T09:01:00Z');
    const posts = channelPosts('C0DISC');
    expect(posts).toHaveLength(1);
    expect(images(posts[0]!.args.blocks)).toEqual([]);
    expect(JSON.stringify(posts[0]!.args.blocks)).toContain('🔴 *O1-KR1*');
    expect(h.logs.some((l) => l.includes('could not draw or upload a chart'))).toBe(true);
  });

  it('when Slack refuses the image block, the same message goes out without it (one post in the channel)', async () => {
    h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', now: '2027-01-04T06:00:00Z' });
    h.slack.channels.set('C0DISC', { member: true }).set('C0PLAT', { member: true });
    const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
    await recordCheckin(h.db, {
      krId: (await kr('O1-KR1')).id,
      week: 1,
      confidence: 0,
      evidence: 'Flat at 5,000',
      authorId: null,
    });
    h.slack.inject('chat.postMessage', { error: 'invalid_blocks' }, { match: (a) => images(a.blocks).length > 0 });
    await tickAt(h, s, '2027-01-05T09:00:00Z');
    const posts = channelPosts('C0DISC');
    expect(posts).toHaveLength(2); // refused with the image, then posted without it
    expect(images(posts[1]!.args.blocks)).toEqual([]);
    expect([...h.slack.history.get('C0DISC')!]).toHaveLength(1);
  });

  it('/okr show answers at once in text, then sends the KR chart', async () => {
    h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', now: '2027-01-20T12:00:00Z' });
    await recordCheckin(h.db, {
      krId: (await kr('O2-KR2')).id,
      week: 1,
      confidence: 2,
      evidence: 'ok',
      value: 90,
      authorId: null,
    });
    await recordCheckin(h.db, {
      krId: (await kr('O2-KR2')).id,
      week: 2,
      confidence: 1,
      evidence: 'slower',
      value: 88,
      authorId: null,
    });
    const reply = await okrReply(h, 'U0DEV', 'show O2-KR2');
    expect(reply.via).toBe('ack');
    expect(reply.body.text).toContain('O2-KR2');
    const chart = await waitFor(() => h.slack.responses.find((r) => images(r.body.blocks).length > 0));
    expect(chart.body).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: '📈 O2-KR2 week by week',
    });
    const [image] = images(chart.body.blocks);
    expect(image!.alt_text).toContain(
      'Line chart of O2-KR2 (Cut time to restore from 95 to 30 minutes): planned path from 95 min at the start to the target 30 min in week 13',
    );
    expect(h.slack.uploads.get(image!.slack_file!.id)!.filename).toBe('O2-KR2-2027-Q1.png');
  });
});
