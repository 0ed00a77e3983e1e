import autocannon from 'autocannon';
import { eq } from 'drizzle-orm';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, openDb } from '../src/db/client.js';
import { people } from '../src/db/schema.js';
import { addDays, cycleWeek, isoWeekday, localDate } from '../src/domain/time.js';
import { parseOkrText } from '../src/okrs/format.js';
import { importOkrs } from '../src/store/okrSync.js';
import { getActiveCycle } from '../src/store/cycles.js';
import { getKrInfo } from '../src/store/keyResults.js';
import { claimDelivery, markSent, subjects } from '../src/store/deliveries.js';
import { ROOT, saveResults, signedSlackRequest, startChild, stopChild, table } from './lib.js';

/**
 * Signed Slack requests through the real HTTP receiver — `/okr mine`, a check-in button click, a
 * check-in submission — against okrbot and against a bare Bolt app making the same Slack calls
 * (bench/bareServer.ts), both against the same fake Slack. Cost is CPU time per request: each
 * server's own process.cpuUsage() over a fixed number of requests, the two apps alternated, the
 * median of several rounds; p50/p99 latency beside it. A submission changes the evidence each time
 * (a real check-in: history row, DM, App Home and digest updated).
 */

const SECRET = 'bench-signing-secret';
const CONNECTIONS = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Requests per round, per kind. */
const AMOUNT: Record<string, number> = { '/okr mine': 1000, 'button click': 600, view_submission: 300 };

const signed = (body: string, contentType: string) => signedSlackRequest(body, contentType, SECRET);

let evidenceCounter = 0;
/** Each submission a new answer (otherwise okrbot sees an unchanged check-in and does nothing more). */
function varied(request: ReturnType<typeof signed>) {
  return {
    ...request,
    setupRequest: (req: Record<string, unknown>) => {
      const payload = JSON.parse(new URLSearchParams(request.body).get('payload')!) as {
        view: { state: { values: { evidence: { evidence_input: { value: string } } } } };
      };
      payload.view.state.values.evidence.evidence_input.value = `Adoption ${++evidenceCounter} below target`;
      return { ...req, ...signed(form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded') };
    },
  };
}

const form = (o: Record<string, string>) => new URLSearchParams(o).toString();

function bodies(responseUrl: string, krId: number, week: number) {
  const user = { id: 'U0ANA', team_id: 'T0FAKE' };
  return {
    '/okr mine': signed(
      form({
        command: '/okr',
        text: 'mine',
        user_id: 'U0ANA',
        team_id: 'T0FAKE',
        channel_id: 'C0GENERAL',
        trigger_id: 't1',
        response_url: responseUrl,
        api_app_id: 'A0',
      }),
      'application/x-www-form-urlencoded',
    ),
    'button click': signed(
      form({
        payload: JSON.stringify({
          type: 'block_actions',
          team: { id: 'T0FAKE' },
          user,
          api_app_id: 'A0',
          trigger_id: 't2',
          container: { type: 'message', channel_id: 'D0ANA', message_ts: '1.0' },
          actions: [
            {
              type: 'button',
              action_id: 'checkin:score:1',
              block_id: `kr:${krId}`,
              value: JSON.stringify({ k: krId, w: week, c: 1 }),
              action_ts: '1',
            },
          ],
        }),
      }),
      'application/x-www-form-urlencoded',
    ),
    view_submission: signed(
      form({
        payload: JSON.stringify({
          type: 'view_submission',
          team: { id: 'T0FAKE' },
          user,
          api_app_id: 'A0',
          view: {
            id: 'V1',
            callback_id: 'checkin_modal',
            private_metadata: JSON.stringify({ krId, week }),
            state: {
              values: {
                confidence: { confidence_input: { type: 'radio_buttons', selected_option: { value: '1' } } },
                evidence: {
                  evidence_input: {
                    type: 'plain_text_input',
                    value: 'Adoption 30% below target; onboarding confuses new users',
                  },
                },
                risks: { risks_input: { type: 'plain_text_input', value: null } },
                next_action: { next_action_input: { type: 'plain_text_input', value: 'Test a simpler onboarding' } },
                value: { value_input: { type: 'number_input', value: '5300' } },
              },
            },
          },
        }),
      }),
      'application/x-www-form-urlencoded',
    ),
  };
}

/**
 * Waits until the fake Slack has had no request for 300 ms: the bot's replies to one phase
 * (response_url, views.open) must not spill into the next phase's measurement.
 */
async function quiesce(slackUrl: string): Promise<void> {
  let last = -1;
  for (let i = 0; i < 200; i++) {
    const { handled } = (await (await fetch(`${slackUrl}/_stats`)).json()) as { handled: number };
    if (last >= 0 && handled - last <= 1) return; // nothing but our own /_stats call since the last look
    last = handled;
    await new Promise((r) => setTimeout(r, 300));
  }
}

type Request = ReturnType<typeof signed> | ReturnType<typeof varied>;

async function cpuMs(port: number): Promise<{ cpuMs: number; rssMB: number }> {
  return (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as { cpuMs: number; rssMB: number };
}

/** One round: `amount` requests, then wait for the Slack calls they caused; the server's CPU ms per request. */
async function round(app: { port: number; cpuPort: number }, request: Request, amount: number, slackUrl: string) {
  const before = await cpuMs(app.cpuPort);
  const r = await autocannon({
    url: `http://127.0.0.1:${app.port}`,
    connections: CONNECTIONS,
    amount,
    requests: [request as never],
  });
  await quiesce(slackUrl);
  const after = await cpuMs(app.cpuPort);
  return {
    cpuMsPerRequest: (after.cpuMs - before.cpuMs) / amount,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bad: r.non2xx + r.errors + r.timeouts,
    rssMB: after.rssMB,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Posts the weekly DM and the digest a check-in updates, and records them as okrbot's deliveries. */
async function seedPosted(dbPath: string, slackUrl: string, personId: number, teamId: number, week: number) {
  const post = async (channel: string, text: string) => {
    const res = await fetch(`${slackUrl}/api/chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-test-token' },
      body: JSON.stringify({ channel, text }),
    });
    return (await res.json()) as { channel: string; ts: string };
  };
  const dm = await post('U0ANA', 'Weekly check-in');
  const digest = await post('C00000001', 'At-risk digest');
  const db = openDb(dbPath);
  const cycle = (await getActiveCycle(db))!;
  for (const [claim, where] of [
    [
      { purpose: 'checkin', subject: subjects.checkin(cycle.id, week, personId), cycleId: cycle.id, week, personId },
      dm,
    ],
    [{ purpose: 'digest', subject: subjects.digest(cycle.id, teamId, week), cycleId: cycle.id, teamId, week }, digest],
  ] as const) {
    const row = (await claimDelivery(db, claim))!;
    await markSent(db, row.id, where.channel, where.ts);
  }
  closeDb(db);
  return `${dm.channel}/${dm.ts},${digest.channel}/${digest.ts}`;
}

export async function runRequestsBench() {
  const fake = await startChild(
    'fakeSlackServer',
    [],
    { EXTRA_USERS: 'U0ANA:ana@example.com', CHANNELS: '1' },
    'FAKE_SLACK_URL=',
  );
  const slackUrl = /FAKE_SLACK_URL=(\S+)/.exec(fake.output())![1]!;
  const dir = mkdtempSync(join(tmpdir(), 'okrbot-bench-req-'));
  const dbPath = join(dir, 'okrbot.db');
  // The example cycle, moved so that today is in its third week.
  const today = localDate(new Date(), 'UTC');
  const start = addDays(today, -14 - (isoWeekday(today) - 1));
  const text = readFileSync(join(ROOT, 'examples', 'okrs.example.yaml'), 'utf8')
    .replace(/start: \S+/, `start: ${start}`)
    .replace(/end: \S+/, `end: ${addDays(start, 90)}`)
    .replace(/\n\s+mid: \S+.*/, '');
  const db = openDb(dbPath);
  await importOkrs(db, parseOkrText('bench.yaml', text), { now: new Date() });
  db.update(people)
    .set({ slackUserId: 'U0ANA', timezone: 'UTC', timezoneRefreshedAt: new Date().toISOString() })
    .where(eq(people.email, 'ana@example.com'))
    .run();
  const cycle = (await getActiveCycle(db))!;
  const kr = (await getKrInfo(db, cycle.id, 'O1-KR1'))!;
  const week = cycleWeek(cycle, new Date(), 'UTC')!;
  closeDb(db);
  const updates = await seedPosted(dbPath, slackUrl, kr.ownerId!, kr.teamId, week);

  const env = {
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: `${slackUrl}/api/`,
    PORT: '0',
    DATABASE_PATH: dbPath,
    OKRBOT_SCHEDULER: 'off',
    // Charts are measured on their own (the charts bench): here the digest is redrawn as text.
    OKRBOT_CHARTS: 'off',
    LOG_LEVEL: 'error',
    BARE_UPDATES: updates,
  };
  // BENCH_REQUESTS="view_submission" (comma-separated) runs only those, e.g. to profile one path.
  const only = process.env.BENCH_REQUESTS?.split(',');
  const all = bodies(`${slackUrl}/respond/bench`, kr.id, week);
  const requests: Record<string, Request> = Object.fromEntries(
    Object.entries({ ...all, view_submission: varied(all.view_submission) }).filter(([k]) => !only || only.includes(k)),
  );
  const apps = [
    { name: 'okrbot', script: 'botServer' },
    { name: 'bare Bolt', script: 'bareServer' },
  ] as const;
  const running = [];
  for (const app of apps) {
    const flags =
      process.env.BENCH_PROFILE && app.script === 'botServer'
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
        : [];
    const server = await startChild(app.script, [], env, 'BOT_PORT=', flags);
    const port = Number(/BOT_PORT=(\d+)/.exec(server.output())![1]);
    const cpuPort = Number(/CPU_PORT=(\d+)/.exec(server.output())![1]);
    running.push({ ...app, server, port, cpuPort });
  }
  const results: Record<string, { cpuMs: number; p50: number; p99: number; bad: number }> = {};
  const rows: Array<Record<string, string | number>> = [];
  for (const [kind, request] of Object.entries(requests)) {
    const amount = Math.round((AMOUNT[kind] ?? 500) * Number(process.env.BENCH_SCALE ?? 1));
    for (const app of running) await round(app, request, 50, slackUrl); // warm up
    const rounds = running.map(() => [] as Array<Awaited<ReturnType<typeof round>>>);
    // Alternated, okrbot then bare, round after round: drift on this machine hits both alike.
    for (let i = 0; i < ROUNDS; i++)
      for (const [j, app] of running.entries()) rounds[j]!.push(await round(app, request, amount, slackUrl));
    running.forEach((app, j) => {
      const rs = rounds[j]!;
      const r = {
        cpuMs: median(rs.map((x) => x.cpuMsPerRequest)),
        p50: median(rs.map((x) => x.p50)),
        p99: median(rs.map((x) => x.p99)),
        bad: rs.reduce((n, x) => n + x.bad, 0),
      };
      results[`${app.name} ${kind}`] = r;
      rows.push({
        app: app.name,
        request: kind,
        'CPU ms/req': r.cpuMs,
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'non-2xx': r.bad,
      });
    });
  }
  const idleRss = await cpuMs(running[0]!.cpuPort);
  for (const app of running) await stopChild(app.server);
  await stopChild(fake);
  rmSync(dir, { recursive: true, force: true });
  const ratios: Record<string, number> = {};
  for (const kind of Object.keys(requests)) {
    ratios[kind] = results[`okrbot ${kind}`]!.cpuMs / results[`bare Bolt ${kind}`]!.cpuMs;
    rows.find((r) => r.app === 'okrbot' && r.request === kind)!['CPU vs bare'] = ratios[kind]!;
  }
  // A check-in end to end: the click that opens the modal, then the submission (DM, App Home, digest).
  const checkin = (app: string) =>
    (results[`${app} button click`]?.cpuMs ?? NaN) + (results[`${app} view_submission`]?.cpuMs ?? NaN);
  const endToEnd = { okrbot: checkin('okrbot'), bare: checkin('bare Bolt') };
  table(
    `Requests: CPU time per request (median of ${ROUNDS} alternated rounds, ${CONNECTIONS} connections), latency beside it`,
    rows,
  );
  console.log(
    `A check-in end to end (click → modal → submit → DM, App Home, digest updated; no charts): okrbot ${endToEnd.okrbot.toFixed(2)} CPU ms, bare Bolt ${endToEnd.bare.toFixed(2)} CPU ms (${(endToEnd.okrbot / endToEnd.bare).toFixed(2)}×). okrbot RSS after the run: ${idleRss.rssMB.toFixed(0)} MB`,
  );
  saveResults('requests', { connections: CONNECTIONS, rounds: ROUNDS, results, cpuVsBare: ratios, endToEnd });
  return { results, cpuVsBare: ratios, endToEnd };
}

if (/requests\.[jt]s$/.test(process.argv[1] ?? '')) await runRequestsBench();
