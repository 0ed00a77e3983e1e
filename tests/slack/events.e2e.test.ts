import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendCheckinDm } from '../../src/services/weeklyDm.js';
import { recordCheckin } from '../../src/store/checkins.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { findOrCreatePerson } from '../../src/store/people.js';
import { rowsOf } from '../helpers/db.js';
import {
  buttonPayload,
  commandBody,
  dm,
  eventBody,
  interact,
  post,
  sendEvent,
  settle,
  sign,
  startHarness,
  okrReply,
  waitFor,
  type Harness,
} from '../helpers/bot.js';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const cycle = async () => (await getActiveCycle(h.db))!;
const kr = async (key: string) => (await getKrInfo(h.db, (await cycle()).id, key))!;
const replies = (user: string) =>
  h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === `D${user.slice(1)}`)
    .map((c) => String(c.args.text));

describe('plain-text check-ins in the DM', () => {
  it('records `O1-KR2 1 evidence`, and with one KR pending just `1 evidence` (no weekly DM yet: a short reply each)', async () => {
    h = await startHarness();
    const res = await sendEvent(h, dm('U0ANA', 'O1-KR1 1 adoption 30% below target'));
    expect(res.status).toBe(200);
    await waitFor(() => replies('U0ANA').length === 1);
    expect(await rowsOf(h.db, 'checkins')).toMatchObject([
      { krId: (await kr('O1-KR1')).id, week: 3, confidence: 1, evidence: 'adoption 30% below target' },
    ]);
    expect(replies('U0ANA')[0]).toBe('✅ Saved O1-KR1 for week 3: 🟡 1 at-risk. 1 still to answer.');

    await sendEvent(h, dm('U0ANA', '2 tours used by 1,100 people'));
    await waitFor(() => replies('U0ANA').length === 2);
    const krId = (await kr('O2-KR1')).id;
    expect((await rowsOf(h.db, 'checkins')).find((c) => c.krId === krId)).toMatchObject({
      confidence: 2,
      evidence: 'tours used by 1,100 people',
    });
    expect(replies('U0ANA')[1]).toContain('That was your last one this week');
  });

  it('with the weekly DM posted, updates it in place and confirms once a week, not once per answer', async () => {
    h = await startHarness();
    const ana = (await rowsOf(h.db, 'people')).find((p) => p.email === 'ana@example.com')!;
    expect((await sendCheckinDm(h.bot.deps, await cycle(), ana.id, 3)).status).toBe('sent');
    const weekly = (await rowsOf(h.db, 'deliveries')).find((d) => d.purpose === 'checkin')!;
    for (const [i, text] of [
      'O1-KR1 1 adoption flat',
      'O2-KR1 2 tours used by 1,100 people',
      'O1-KR1 0 adoption falling',
    ].entries()) {
      await sendEvent(h, dm('U0ANA', text));
      await waitFor(() => h.slack.callsTo('chat.update').filter((c) => c.args.ts === weekly.ts).length === i + 1);
    }
    await settle();
    const posted = h.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'U0ANA' || c.args.channel === 'D0ANA');
    expect(posted.map((c) => String(c.args.text))).toEqual([
      expect.stringMatching(/^Weekly check-in/),
      '✅ Saved. My check-in message above shows your answers as you send them (1 still to answer).',
    ]);
    const last = h.slack
      .callsTo('chat.update')
      .filter((c) => c.args.ts === weekly.ts)
      .at(-1)!;
    expect(JSON.stringify(last.args.blocks)).toContain('adoption falling');
  });

  it('answers anything unclear with the accepted form and guesses nothing', async () => {
    h = await startHarness();
    const cases: Array<[string, string]> = [
      ['1 adoption is down', 'You have 2 waiting (O1-KR1, O2-KR1)'],
      ['hello there', "I couldn't read that as a check-in"],
      ['O1-KR1 3 great', 'The score must be 0 (off-track), 1 (at-risk) or 2 (on-track), not 3'],
      ['O1-KR1 2', 'Please add your evidence'],
      ['O3-KR1 2 fine', "You don't own O3-KR1"],
    ];
    for (const [text, expected] of cases) {
      const n = replies('U0ANA').length;
      await sendEvent(h, dm('U0ANA', text));
      await waitFor(() => replies('U0ANA').length === n + 1);
      expect(replies('U0ANA')[n]).toContain(expected);
    }
    expect(await rowsOf(h.db, 'checkins')).toEqual([]);
  });

  it('ignores bot messages, edits and channel messages', async () => {
    h = await startHarness();
    await sendEvent(h, { ...dm('U0ANA', 'O1-KR1 1 x'), bot_id: 'B0BOT' });
    await sendEvent(h, { ...dm('U0ANA', 'O1-KR1 1 x'), subtype: 'message_changed' });
    await sendEvent(h, { ...dm('U0ANA', 'O1-KR1 1 x'), channel_type: 'channel', channel: 'C0GENERAL' });
    await settle();
    expect(await rowsOf(h.db, 'checkins')).toEqual([]);
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('handles a retried event once (X-Slack-Retry-Num)', async () => {
    h = await startHarness();
    const body = eventBody(dm('U0ANA', 'O1-KR1 0 blocked on data'), 'EvRETRY1');
    const first = await post(h, body, 'application/json');
    const retry1 = await post(h, body, 'application/json', { retryNum: 1 });
    const retry2 = await post(h, body, 'application/json', { retryNum: 2 });
    expect([first.status, retry1.status, retry2.status]).toEqual([200, 200, 200]);
    await waitFor(() => replies('U0ANA').length >= 1);
    await settle();
    expect(replies('U0ANA')).toHaveLength(1);
    expect(await rowsOf(h.db, 'checkins')).toHaveLength(1);
    expect(await rowsOf(h.db, 'processedEvents')).toMatchObject([{ eventId: 'EvRETRY1' }]);
  });
});

describe('App Home', () => {
  it('publishes my KRs by objective with trend and a check-in button, and my teams’ at-risk KRs', async () => {
    h = await startHarness();
    await recordCheckin(h.db, {
      krId: (await kr('O1-KR2')).id,
      week: 3,
      confidence: 0,
      evidence: 'Activation flat <!channel>',
      authorId: null,
    });
    await recordCheckin(h.db, {
      krId: (await kr('O1-KR1')).id,
      week: 2,
      confidence: 2,
      evidence: 'fine',
      authorId: null,
    });
    await sendEvent(h, { type: 'app_home_opened', user: 'U0ANA', channel: 'D0ANA', tab: 'home' });
    const call = await waitFor(() => h.slack.callsTo('views.publish')[0]);
    expect(call.args.user_id).toBe('U0ANA');
    const view = call.args.view as {
      type: string;
      blocks: Array<{
        type: string;
        text?: { text: string };
        accessory?: { text: { text: string }; action_id: string };
      }>;
    };
    expect(view.type).toBe('home');
    const texts = view.blocks.map((b) => b.text?.text ?? '');
    expect(texts).toContain('*O1 · Enable teams to discover and adopt advanced features*');
    const krBlock = view.blocks.find((b) => b.text?.text.startsWith('*O1-KR1*'))!;
    expect(krBlock.text!.text).toContain('⚪🟢⚪');
    expect(krBlock.accessory).toMatchObject({ action_id: 'home:checkin', text: { text: 'Check in' } });
    expect(texts.join('\n')).toContain('At risk in your teams this week');
    expect(texts.join('\n')).toContain('🔴 0 off-track *O1-KR2*');
    expect(texts.join('\n')).toContain('Activation flat &lt;!channel&gt;');

    // The home button opens the modal.
    await interact(h, buttonPayload('U0ANA', krBlock.accessory as never, { type: 'view', view_id: 'V0HOME' }));
    const open = await waitFor(() => h.slack.callsTo('views.open')[0]);
    expect(JSON.stringify(open.args.view)).toContain('O1-KR1');

    // Messages tab opens do not publish.
    await sendEvent(h, { type: 'app_home_opened', user: 'U0ANA', channel: 'D0ANA', tab: 'messages' });
    await settle();
    expect(h.slack.callsTo('views.publish')).toHaveLength(1);
  });
});

describe('request verification', () => {
  it('answers 401 to bad, stale or missing signatures and writes nothing', async () => {
    h = await startHarness();
    const { body } = commandBody(h, 'U0ANA', 'ooo 2027-02-01');
    const textEvent = eventBody(dm('U0ANA', 'O1-KR1 1 forged'));
    for (const [payload, type] of [
      [body, 'application/x-www-form-urlencoded'],
      [textEvent, 'application/json'],
    ] as const) {
      expect((await post(h, payload, type, { secret: 'wrong-secret' })).status).toBe(401);
      expect((await post(h, payload, type, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
      expect((await post(h, payload, type, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 })).status).toBe(401); // from the future
      expect((await post(h, payload, type, { unsigned: true })).status).toBe(401);
    }
    // A body altered after signing.
    const headers = { 'content-type': 'application/json', ...(await import('../helpers/bot.js')).sign(textEvent) };
    const tampered = await fetch(`${h.base}/slack/events`, {
      method: 'POST',
      headers,
      body: textEvent.replace('forged', 'FORGED'),
    });
    expect(tampered.status).toBe(401);
    await settle();
    expect(await rowsOf(h.db, 'checkins')).toEqual([]);
    expect(await rowsOf(h.db, 'processedEvents')).toEqual([]);
    expect(h.slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(h.slack.responses).toEqual([]);
  });
});

describe('hostile requests', () => {
  it('refuses an oversized body with 413 before reading it', async () => {
    h = await startHarness();
    const before = process.memoryUsage().rss;
    // Claims 200 MB, sends 64 KB: the answer must come without the rest being awaited or read.
    const big = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${h.base}/slack/events`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.write('x'.repeat(64 * 1024));
    });
    expect(big).toEqual({ status: 413, body: 'Request body too large' });
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
    // A normal signed request still goes through.
    const { body } = commandBody(h, 'U0ANA', 'help');
    expect((await post(h, body, 'application/x-www-form-urlencoded')).status).toBe(200);
  });

  it('a client still uploading when refused reads the 413, not a reset (answer, half-close, drain)', async () => {
    h = await startHarness();
    const url = new URL(h.base);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          `POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${200 * 1024 * 1024}\r\n\r\n`,
        );
        const chunk = Buffer.alloc(256 * 1024, 120);
        let sent = 0;
        const pump = (): void => {
          while (sent < 16 && socket.write(chunk)) sent++;
          if (sent < 16) socket.once('drain', () => ((sent += 1), pump()));
        };
        pump(); // 4 MB on its way while the answer comes back
      });
      let got = '';
      socket.pause();
      setTimeout(() => socket.on('data', (d) => (got += String(d))).resume(), 300); // reads late, like a busy proxy
      socket.on('error', () => {}); // EPIPE on our writes after the server closed is fine; the answer is what counts
      socket.on('close', () => resolve(got));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('Request body too large');
  });

  it('accepts a chunked request (a proxy re-sending Slack’s) up to the cap, and refuses one past it', async () => {
    h = await startHarness();
    const chunked = (body: Uint8Array, headers: Record<string, string>) =>
      fetch(`${h.base}/slack/events`, {
        method: 'POST',
        headers,
        body: new ReadableStream({ start: (c) => (c.enqueue(body), c.close()) }),
        duplex: 'half',
      } as RequestInit);
    const { body } = commandBody(h, 'U0ANA', 'help');
    const ok = await chunked(new TextEncoder().encode(body), {
      'content-type': 'application/x-www-form-urlencoded',
      ...sign(body),
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('okrbot');
    const unsigned = await chunked(new TextEncoder().encode('{}'), { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401); // read, then refused by the signature check like any other
    const tooBig = await chunked(new Uint8Array(2 * 1024 * 1024).fill(120), { 'content-type': 'application/json' });
    expect(tooBig.status).toBe(413);
  });

  it('acks a view_submission without a view instead of failing with 5xx, and changes nothing', async () => {
    h = await startHarness();
    const res = await post(
      h,
      new URLSearchParams({
        payload: JSON.stringify({
          type: 'view_submission',
          team: { id: 'T0FAKE' },
          user: { id: 'U0ANA' },
          api_app_id: 'A0OKRBOT',
        }),
      }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(res.status).toBe(200);
    expect(await rowsOf(h.db, 'checkins')).toEqual([]);
  });
});

describe('limits: an owner with 40 KRs and a 3000-character evidence', () => {
  it('paginates the DM within 50 blocks, keeps the home within 100, and truncates long text', async () => {
    h = await startHarness({ importFile: 'tests/fixtures/forty-krs.yaml' });
    const c = await cycle();
    const owner = await findOrCreatePerson(h.db, 'U0ANA');
    const long = `${'Evidence <!channel> & more. '.repeat(110)}`.slice(0, 3000);
    const first = (await getKrInfo(h.db, c.id, 'O1-KR1'))!;
    await recordCheckin(h.db, { krId: first.id, week: 2, confidence: 1, evidence: long, authorId: null });
    const sent = await sendCheckinDm(h.bot.deps, c, owner.id, 3);
    expect(sent.status).toBe('sent');
    const post1 = h.slack.callsTo('chat.postMessage')[0]!;
    const blocks = post1.args.blocks as Array<{
      type: string;
      elements?: Array<{ action_id: string; value: string }>;
      text?: { text: string };
    }>;
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks)).toContain('Key results 1–20 of 40');
    const next = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'checkin:page:next')!;
    await interact(h, buttonPayload('U0ANA', next));
    const page2 = await waitFor(() => h.slack.callsTo('chat.update')[0]);
    expect(JSON.stringify(page2.args.blocks)).toContain('Key results 21–40 of 40');
    expect((page2.args.blocks as unknown[]).length).toBeLessThanOrEqual(50);

    // Modal with the 3000-character evidence from last week, still within limits (fake Slack checks).
    const score = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'checkin:score:2')!;
    await interact(h, buttonPayload('U0ANA', score));
    const modal = await waitFor(() => h.slack.callsTo('views.open')[0]);
    // Last week's answer prefills a plain-text input (shown as typed, never parsed as mrkdwn), whole.
    const evidenceInput = (
      modal.args.view as { blocks: Array<{ block_id?: string; element?: { initial_value?: string } }> }
    ).blocks.find((b) => b.block_id === 'evidence')!;
    expect(evidenceInput.element!.initial_value).toBe(long);

    await sendEvent(h, { type: 'app_home_opened', user: 'U0ANA', channel: 'D0ANA', tab: 'home' });
    const home = await waitFor(() => h.slack.callsTo('views.publish')[0]);
    const homeBlocks = (home.args.view as { blocks: unknown[] }).blocks;
    expect(homeBlocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(homeBlocks)).toContain('*O10-KR4*'); // 40 KRs + 10 objectives fit in 100 blocks

    const mine = await okrReply(h, 'U0ANA', 'mine');
    expect((mine.body.blocks as unknown[]).length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(mine.body)).toContain('O1-KR1');

    // Every Slack call okrbot made passed the fake Slack's Block Kit checks.
    await settle();
    const failures = h.logs.filter((l) => l.includes('invalid_blocks') || l.includes('invalid_arguments'));
    expect(failures).toEqual([]);
  });
});

describe('health and shutdown', () => {
  it('answers /healthz with 200 while serving and 503 once shutting down', async () => {
    h = await startHarness();
    const ok = await fetch(`${h.base}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      status: 'ok',
      problems: [],
      db: 'ok',
      workspaces: { installed: 1, unreadable: [] },
      scheduler: 'off', // the harness drives its own scheduler
    });
    expect(await (await fetch(`${h.base}/livez`)).json()).toMatchObject({ status: 'alive' });
    await h.bot.stop();
    await expect(fetch(`${h.base}/healthz`)).rejects.toThrow();
  });

  it('finishes in-flight handlers before stopping', async () => {
    h = await startHarness();
    h.slack.latencyMs = 300; // slow Slack: the reply is still in flight when we stop
    await sendEvent(h, dm('U0ANA', 'O1-KR1 2 all good'));
    await waitFor(async () => (await rowsOf(h.db, 'checkins')).length === 1);
    await h.bot.stop();
    expect(replies('U0ANA')).toHaveLength(1);
  });
});
