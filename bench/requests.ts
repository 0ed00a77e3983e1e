import autocannon from 'autocannon';
import { eq } from 'drizzle-orm';
import { createHmac } from 'node:crypto';
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
import { ROOT, saveResults, startChild, stopChild, table } from './lib.js';

/**
 * Signed Slack requests through the real HTTP receiver: `/okr mine`, a check-in button click and a
 * check-in modal submission, 100 concurrent connections for 10 s each, against okrbot and against a
 * bare Bolt app that only acks.
 */

const SECRET = 'bench-signing-secret';
const CONNECTIONS = 100;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);

function signed(body: string, contentType: string) {
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    method: 'POST' as const,
    path: '/slack/events',
    body,
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig },
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

async function load(port: number, request: ReturnType<typeof signed>, duration = DURATION) {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration,
    requests: [request],
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

export async function runRequestsBench() {
  const fake = await startChild('fakeSlackServer', [], { EXTRA_USERS: 'U0ANA:ana@example.com' }, 'FAKE_SLACK_URL=');
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

  const env = {
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: `${slackUrl}/api/`,
    PORT: '0',
    DATABASE_PATH: dbPath,
    OKRBOT_SCHEDULER: 'off',
    LOG_LEVEL: 'error',
  };
  const rows: Array<Record<string, string | number>> = [];
  const results: Record<string, unknown> = {};
  // BENCH_REQUESTS="view_submission" (comma-separated) runs only those, e.g. to profile one path.
  const only = process.env.BENCH_REQUESTS?.split(',');
  const requests = Object.fromEntries(
    Object.entries(bodies(`${slackUrl}/respond/bench`, kr.id, week)).filter(([k]) => !only || only.includes(k)),
  );
  // Both apps run side by side and are measured alternately, kind by kind (okrbot, bare, okrbot,
  // bare; half the duration each time): this machine's speed drifts by tens of percent within a
  // minute, and measuring one app after the other turned that drift into a false ratio.
  const apps = [
    { name: 'okrbot', script: 'botServer' },
    { name: 'bare Bolt (ack only)', script: 'bareServer' },
  ] as const;
  const ports: number[] = [];
  const servers = [];
  for (const app of apps) {
    const server = await startChild(
      app.script,
      [],
      env,
      'BOT_PORT=',
      process.env.BENCH_PROFILE && app.script === 'botServer'
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
        : [],
    );
    servers.push(server);
    ports.push(Number(/BOT_PORT=(\d+)/.exec(server.output())![1]));
  }
  for (const [kind, request] of Object.entries(requests)) {
    const runs: Array<Array<Awaited<ReturnType<typeof load>>>> = [[], []];
    for (const port of ports)
      await autocannon({ url: `http://127.0.0.1:${port}`, connections: 10, amount: 200, requests: [request] }); // warm up
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < apps.length; i++) {
        await quiesce(slackUrl);
        runs[i]!.push(await load(ports[i]!, request, DURATION / 2));
      }
    }
    apps.forEach((app, i) => {
      const rs = runs[i]!;
      const r = {
        rps: (rs[0]!.rps + rs[1]!.rps) / 2,
        p50: (rs[0]!.p50 + rs[1]!.p50) / 2,
        p99: (rs[0]!.p99 + rs[1]!.p99) / 2,
        non2xx: rs[0]!.non2xx + rs[1]!.non2xx,
        errors: rs[0]!.errors + rs[1]!.errors,
      };
      results[`${app.name} ${kind}`] = r;
      rows.push({
        app: app.name,
        request: kind,
        'req/s': r.rps,
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'non-2xx': r.non2xx,
        errors: r.errors,
      });
    });
  }
  for (const server of servers) await stopChild(server);
  await stopChild(fake);
  rmSync(dir, { recursive: true, force: true });
  const ratios: Record<string, number> = {};
  for (const kind of Object.keys(requests)) {
    const bot = results[`okrbot ${kind}`] as { rps: number };
    const bare = results[`bare Bolt (ack only) ${kind}`] as { rps: number };
    ratios[kind] = bare.rps / bot.rps;
    const row = rows.find((r) => r.app === 'okrbot' && r.request === kind)!;
    row['cost vs bare'] = ratios[kind]!;
  }
  table(
    `Requests, ${CONNECTIONS} connections × ${DURATION} s each (targets: p99 ≤ 50 ms, ≥ 1,000 req/s, ≤ 1.5× the bare app's cost)`,
    rows,
  );
  saveResults('requests', { connections: CONNECTIONS, durationSeconds: DURATION, results, costVsBare: ratios });
  return { results: results as Record<string, { rps: number; p50: number; p99: number }>, costVsBare: ratios };
}

if (/requests\.[jt]s$/.test(process.argv[1] ?? '')) await runRequestsBench();
