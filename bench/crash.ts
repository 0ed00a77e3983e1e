import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/main.js';
import { closeDb, openDb } from '../src/db/client.js';
import { deliveries } from '../src/db/schema.js';
import { FakeSlack } from '../tests/fakeSlack.js';
import { crowdFile } from '../tests/helpers/crowd.js';
import { ROOT, saveResults, table } from './lib.js';

/**
 * Exactly once under crashes: `okrbot run checkins` for many owners is killed with SIGKILL at a
 * random point of its fan-out (before a post, after Slack accepted one, before the mark), then run
 * again; after that next run every owner must have exactly one DM. 10 rounds, seeded.
 */

const OWNERS = Number(process.env.BENCH_CRASH_OWNERS ?? 500);
const ROUNDS = Number(process.env.BENCH_CRASH_ROUNDS ?? 10);

function prng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function run(
  env: Record<string, string>,
  at: string,
  onChild?: (kill: () => void) => void,
): Promise<{ signal: string | null; code: number | null; out: string }> {
  const entry = join(ROOT, '.bench-build', 'src', 'cli', 'entry.js');
  const child = spawn(process.execPath, [entry, 'run', 'checkins', '--at', at], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  onChild?.(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
}

export async function runCrashBench() {
  const random = prng(42);
  const rows: Array<Record<string, string | number>> = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const slack = await new FakeSlack().start();
    slack.recordCalls = true;
    // Slack's ts follow the runs' --at time, as real Slack's follow the real clock: reconciliation
    // looks for an in-doubt post around its claim's time.
    slack.clock = () => new Date('2027-01-04T10:00:01Z');
    const dir = mkdtempSync(join(tmpdir(), 'okrbot-bench-crash-'));
    const env = {
      DATABASE_PATH: join(dir, 'okr.db'),
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'error',
      OKRBOT_SEND_RATE: '0',
      OKRBOT_SEND_CONCURRENCY: '8',
      OKRBOT_CRASH_AT: '',
    };
    await runCli(['import', crowdFile(dir, OWNERS, slack)], { out: () => {}, err: () => {}, env });
    const at = 1 + Math.floor(random() * (OWNERS - 1));
    const point = (['before-post', 'slack-accepted', 'before-mark'] as const)[Math.floor(random() * 3)]!;
    const first = await run(
      { ...env, ...(point !== 'slack-accepted' && { OKRBOT_CRASH_AT: `${point}:${at}` }) },
      '2027-01-04T10:00:00Z',
      (kill) => {
        if (point === 'slack-accepted')
          slack.inject(
            'chat.postMessage',
            { afterWork: true, hook: kill },
            { match: () => slack.callsTo('chat.postMessage').length === at },
          );
      },
    );
    const postedBefore = slack.callsTo('chat.postMessage').length;
    const second = await run(env, '2027-01-04T10:05:00Z');
    const report = JSON.parse(second.out || '{}') as { reconciled?: { confirmed: number; notPosted: number } };
    const counts = [...slack.history.values()].map(
      (m) => m.filter((x) => String(x.text).startsWith('Weekly check-in')).length,
    );
    const db = openDb(env.DATABASE_PATH);
    const notSent = db
      .select()
      .from(deliveries)
      .all()
      .filter((d) => d.purpose === 'checkin' && d.state !== 'sent').length;
    closeDb(db);
    rows.push({
      round,
      'killed at': `${point} #${at}`,
      'killed?': first.signal === 'SIGKILL' ? 'yes' : `no (${first.code})`,
      'posts before kill': postedBefore,
      'found in history': report.reconciled?.confirmed ?? 0,
      'not posted, resent': report.reconciled?.notPosted ?? 0,
      duplicates: counts.filter((n) => n > 1).length,
      'without DM': OWNERS - counts.filter((n) => n >= 1).length,
      'claims not sent': notSent,
    });
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  table(
    `Crash recovery, ${OWNERS} owners, SIGKILL at a random point, ${ROUNDS} rounds (target: 0 duplicates, 0 without DM after the next run)`,
    rows,
  );
  saveResults('crash', { owners: OWNERS, rounds: rows });
}
