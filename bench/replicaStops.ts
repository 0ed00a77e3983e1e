import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runCli } from '../src/cli/main.js';
import { FakeSlack } from '../tests/fakeSlack.js';
import { dueNowCrowdFile } from '../tests/helpers/crowd.js';
import type { PgServer } from '../tests/helpers/postgres.js';
import { startChild, table } from './lib.js';

/**
 * What an operator meets on a redeploy and after a crash, on PostgreSQL with real processes:
 * - clean stop: two replicas; the leader gets SIGTERM (as `docker stop` sends it) a third of the
 *   way into the weekly fan-out. Drain = SIGTERM to exit (target ≤ 2 s); hand-over = exit to the
 *   standby's first DM (target ≤ 5 s); then every owner is counted (0 twice, 0 without).
 * - restart after kill -9: one replica killed mid fan-out and started again at once; restart = its
 *   start to its first DM (target ≤ 5 s). Claims the dead process left in doubt wait their two
 *   minutes (reconciled from Slack's history), so only duplicates are counted here.
 */

const OWNERS = Number(process.env.BENCH_STOP_OWNERS ?? 300);
const weeklyDms = (slack: FakeSlack) =>
  slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith('Weekly check-in'));

const until = async (check: () => boolean, timeoutMs: number) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
};

async function setUp(server: PgServer, name: string, rate: string) {
  const slack = await new FakeSlack().start();
  slack.recordCalls = true;
  slack.latencyMs = 15;
  const dir = mkdtempSync(join(tmpdir(), 'okrbot-bench-stops-'));
  const admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const env = {
    DATABASE_URL: server.url(name),
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    OKRBOT_SEND_RATE: rate,
    OKRBOT_CHARTS: 'off',
    LOG_LEVEL: 'info',
  };
  const code = await runCli(['import', dueNowCrowdFile(dir, OWNERS, slack)], { out: () => {}, err: () => {}, env });
  if (code !== 0) throw new Error('import failed');
  const done = async () => {
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { slack, env, done };
}

const exitOf = (child: { once: (e: 'exit', f: () => void) => unknown }) =>
  new Promise<number>((r) => child.once('exit', () => r(Date.now())));

function perOwner(slack: FakeSlack): { duplicates: number; owners: number } {
  const counts = new Map<string, number>();
  for (const c of weeklyDms(slack)) counts.set(String(c.args.channel), (counts.get(String(c.args.channel)) ?? 0) + 1);
  return { duplicates: [...counts.values()].filter((n) => n > 1).length, owners: counts.size };
}

async function cleanStop(server: PgServer) {
  const { slack, env, done } = await setUp(server, 'okrbot_stop', '20');
  const replicas = [
    await startChild('replicaServer', [], env, 'BOT_PORT='),
    await startChild('replicaServer', [], env, 'BOT_PORT='),
  ];
  const leads = (i: number) => replicas[i]!.output().includes('scheduler lease acquired');
  await until(() => leads(0) || leads(1), 30_000);
  const leader = leads(0) ? 0 : 1;
  await until(() => weeklyDms(slack).length >= OWNERS / 3, 60_000);
  const exited = exitOf(replicas[leader]!);
  const signalled = Date.now();
  replicas[leader]!.kill('SIGTERM');
  const exitAt = await exited;
  const sentByLeader = weeklyDms(slack).length;
  await until(() => weeklyDms(slack).some((c) => c.at > exitAt), 30_000);
  const firstAfter = weeklyDms(slack).find((c) => c.at > exitAt)?.at ?? NaN;
  await until(() => perOwner(slack).owners >= OWNERS, 60_000);
  const counted = perOwner(slack);
  replicas[1 - leader]!.kill('SIGTERM');
  await exitOf(replicas[1 - leader]!);
  await done();
  return {
    drainSeconds: (exitAt - signalled) / 1000,
    handoverSeconds: (firstAfter - exitAt) / 1000,
    sentByLeader,
    duplicates: counted.duplicates,
    missing: OWNERS - counted.owners,
  };
}

async function restartAfterKill(server: PgServer) {
  const { slack, env, done } = await setUp(server, 'okrbot_restart', '5'); // the default rate
  const first = await startChild('replicaServer', [], env, 'BOT_PORT=');
  await until(() => weeklyDms(slack).length >= 30, 60_000);
  const dead = exitOf(first);
  first.kill('SIGKILL');
  await dead;
  const before = weeklyDms(slack).length;
  const startedAt = Date.now();
  const second = await startChild('replicaServer', [], env, 'BOT_PORT=');
  await until(() => weeklyDms(slack).length > before, 120_000);
  const resumedAt = weeklyDms(slack)[before]?.at ?? NaN;
  await new Promise((r) => setTimeout(r, 3000));
  const { duplicates } = perOwner(slack);
  second.kill('SIGTERM');
  await exitOf(second);
  await done();
  return { resumeSeconds: (resumedAt - startedAt) / 1000, duplicates };
}

export async function runStopScenarios(server: PgServer) {
  const stop = await cleanStop(server);
  const restart = await restartAfterKill(server);
  table(
    `Redeploy and crash, PostgreSQL, ${OWNERS} owners (targets: drain ≤ 2 s, hand-over ≤ 5 s, restart ≤ 5 s, 0 duplicates, 0 missing)`,
    [
      { figure: 'leader SIGTERMed mid fan-out: SIGTERM to exit (drain)', value: `${stop.drainSeconds.toFixed(2)} s` },
      { figure: 'leader exit to the standby’s first DM (hand-over)', value: `${stop.handoverSeconds.toFixed(2)} s` },
      { figure: 'DMs the leader had sent when it exited', value: stop.sentByLeader },
      { figure: 'owners with two DMs / without one', value: `${stop.duplicates} / ${stop.missing}` },
      { figure: 'kill -9, restarted at once: start to first DM', value: `${restart.resumeSeconds.toFixed(2)} s` },
      { figure: 'owners with two DMs after the restart', value: restart.duplicates },
    ],
  );
  return { stop, restart };
}
