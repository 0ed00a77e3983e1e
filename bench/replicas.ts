import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { runCli } from '../src/cli/main.js';
import { FakeSlack } from '../tests/fakeSlack.js';
import { startPostgres } from '../tests/helpers/postgres.js';
import { dueNowCrowdFile } from '../tests/helpers/crowd.js';
import { okrMineRequest, saveResults, startChild, stopChild, table } from './lib.js';
import { runStopScenarios } from './replicaStops.js';

/**
 * Two replicas and one PostgreSQL, as compose.yaml runs them. Both serve signed `/okr mine`
 * requests together while the leader fans out the weekly check-in DMs to OWNERS owners; the leader
 * is killed (SIGKILL) a third of the way through. Counted from the fake Slack's history: owners
 * with more than one DM (must be 0) and without one (must be 0), and how long the standby took to
 * lead (target: within seconds, its standby poll) and to finish. Then the clean-stop and restart scenarios
 * of replicaStops.ts.
 */

const OWNERS = Number(process.env.BENCH_REPLICA_OWNERS ?? 1000);
const SECRET = 'bench-signing-secret';
const signedMine = (user: string, responseUrl: string) => okrMineRequest(user, 'T0FAKE', responseUrl, SECRET);

const until = async (check: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
};

export async function runReplicasBench() {
  const server = await startPostgres();
  if ('missing' in server) {
    console.log(`\nreplicas bench skipped: ${server.missing}`);
    return null;
  }
  const slack = await new FakeSlack().start();
  slack.recordCalls = true;
  slack.latencyMs = 15; // a Slack that takes its time, so the fan-out lasts long enough to be cut
  const dir = mkdtempSync(join(tmpdir(), 'okrbot-bench-replicas-'));
  const admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE okrbot');
  await admin.end();
  const env = {
    DATABASE_URL: server.url('okrbot'),
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    OKRBOT_SEND_RATE: '0',
    OKRBOT_SEND_CONCURRENCY: '8',
    OKRBOT_CHARTS: 'off',
    LOG_LEVEL: 'info',
  };
  const importErrors: string[] = []; // OKR lint warnings about the crowd file: expected, not shown
  const imported = await runCli(['import', dueNowCrowdFile(dir, OWNERS, slack)], {
    out: () => {},
    err: (l) => importErrors.push(l),
    env,
  });
  if (imported !== 0) throw new Error(`import failed:\n${importErrors.join('\n')}`);

  const replicas = [
    await startChild('replicaServer', [], env, 'BOT_PORT='),
    await startChild('replicaServer', [], env, 'BOT_PORT='),
  ];
  const ports = replicas.map((r) => Number(/BOT_PORT=(\d+)/.exec(r.output())![1]));
  const leads = (i: number) =>
    replicas[i]!.output()
      .split('\n')
      .filter((l) => l.includes('scheduler lease acquired')).length;
  await until(() => leads(0) + leads(1) > 0, 30_000);
  const leader = leads(0) > 0 ? 0 : 1;
  const standby = 1 - leader;

  // Requests on both replicas while the fan-out runs.
  const loadStart = Date.now();
  const load = Promise.all(
    ports.map((port) =>
      autocannon({
        url: `http://127.0.0.1:${port}`,
        connections: 10,
        duration: 25,
        requests: [signedMine('U000001', slack.responseUrl('bench'))],
      }),
    ),
  );
  const dms = () =>
    slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith('Weekly check-in')).length;
  await until(() => dms() >= OWNERS / 3, 120_000);
  replicas[leader]!.kill('SIGKILL');
  const killedAt = Date.now();
  const killSecondsIntoLoad = (killedAt - loadStart) / 1000;
  const postedAtKill = dms();
  await until(() => leads(standby) > 0, 120_000);
  const takeoverSeconds = (Date.now() - killedAt) / 1000;
  // In-doubt claims of the dead leader are settled from Slack's history once they are old enough.
  const dmChannels = () =>
    new Set(
      slack
        .callsTo('chat.postMessage')
        .filter((c) => String(c.args.text).startsWith('Weekly check-in'))
        .map((c) => c.args.channel),
    ).size;
  const everyone = await until(() => dmChannels() >= OWNERS, 6 * 60_000);
  const doneSeconds = (Date.now() - killedAt) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  const [a, b] = await load;
  const counts = [...slack.history.entries()]
    .map(([, ms]) => ms.filter((m) => String(m.text).startsWith('Weekly check-in')).length)
    .filter((n) => n > 0);
  const result = {
    owners: OWNERS,
    postedBeforeKill: postedAtKill,
    duplicates: counts.filter((n) => n > 1).length,
    missing: OWNERS - counts.length,
    takeoverSeconds,
    killSecondsIntoLoad,
    allDeliveredSeconds: everyone ? doneSeconds : null,
    requests: [a!, b!].map((r, i) => ({
      replica: i === leader ? 'leader (killed)' : 'standby',
      requests: r.requests.total,
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors,
    })),
  };
  table(
    `Two replicas + PostgreSQL, ${OWNERS} owners, leader SIGKILLed a third into the fan-out (target: 0 duplicates, 0 missing, takeover within seconds)`,
    [
      { figure: 'DMs posted before the kill', value: postedAtKill },
      { figure: 'leader killed, seconds into the request load', value: killSecondsIntoLoad.toFixed(1) },
      { figure: 'owners with more than one DM', value: result.duplicates },
      { figure: 'owners without a DM', value: result.missing },
      { figure: 'standby leads after (s)', value: takeoverSeconds.toFixed(1) },
      { figure: 'every owner has a DM after (s)', value: everyone ? doneSeconds.toFixed(1) : 'not within 6 min' },
    ],
  );
  table(
    '/okr mine on both replicas during the fan-out and the kill (10 connections each, 25 s; requests to the killed one fail from then on, where a load balancer would route around it)',
    result.requests.map((r) => ({ ...r })),
  );
  await stopChild(replicas[standby]!);
  await slack.stop();
  const stops = await runStopScenarios(server);
  saveResults('replicas', { ...result, ...stops });
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  return { ...result, ...stops };
}
