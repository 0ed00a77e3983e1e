import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { closeDb, openDb } from '../../src/db/client.js';
import { deliveries } from '../../src/db/schema.js';
import { FakeSlack } from '../fakeSlack.js';
import { crowdFile } from '../helpers/crowd.js';
import { tempDir } from '../helpers/db.js';

/**
 * `okrbot run checkins` killed with SIGKILL in the middle of a fan-out, at each point that matters,
 * then run again: every owner ends with exactly one DM, and every claim is settled as sent.
 */

const OWNERS = 30;
let slack: FakeSlack;
afterEach(async () => {
  await slack?.stop();
});

/** Runs the CLI as a separate process, asynchronously (the fake Slack lives in this one). */
function run(
  env: Record<string, string>,
  at: string,
): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> } {
  const child = spawn(process.execPath, ['bin/okrbot.js', 'run', 'checkins', '--at', at], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', () => {});
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out })),
  );
  return { child, done };
}

async function scenario(kill: { crashAt?: string; slackKillsOnPost?: number }) {
  slack = await new FakeSlack().start();
  slack.clock = () => new Date('2027-01-04T10:00:01Z'); // the runs' --at time: Slack's ts follow the time of the post
  const dir = tempDir();
  const db = join(dir, 'okr.db');
  const file = crowdFile(dir, OWNERS, slack);
  const env = {
    DATABASE_PATH: db,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    LOG_LEVEL: 'error',
    OKRBOT_SEND_RATE: '0',
    OKRBOT_SEND_CONCURRENCY: '4',
  };
  expect(await runCli(['import', file], { out: () => {}, err: () => {}, env })).toBe(0);

  const first = run({ ...env, ...(kill.crashAt && { OKRBOT_CRASH_AT: kill.crashAt }) }, '2027-01-04T10:00:00Z');
  if (kill.slackKillsOnPost) {
    // Slack accepts the Nth DM, then the sender dies before it hears back.
    slack.inject(
      'chat.postMessage',
      { afterWork: true, hook: () => first.child.kill('SIGKILL') },
      { match: () => slack.callsTo('chat.postMessage').length === kill.slackKillsOnPost },
    );
  }
  const crashed = await first.done;
  expect(crashed.signal).toBe('SIGKILL');
  const beforeRerun = slack.callsTo('chat.postMessage').length;
  expect(beforeRerun).toBeLessThan(OWNERS + 1);

  // The next run, a few minutes later, settles the in-doubt claims and sends the rest.
  const second = await run(env, '2027-01-04T10:05:00Z').done;
  expect(second.code).toBe(0);
  const report = JSON.parse(second.out) as {
    reconciled: { confirmed: number; notPosted: number };
    jobs: { checkins: { sent: number } };
  };

  const perOwner = new Map<string, number>();
  for (const [channel, messages] of slack.history)
    perOwner.set(channel, messages.filter((m) => String(m.text).startsWith('Weekly check-in')).length);
  expect(perOwner.size).toBe(OWNERS);
  expect([...perOwner.values()].every((n) => n === 1)).toBe(true);
  const check = openDb(db);
  const rows = check
    .select()
    .from(deliveries)
    .all()
    .filter((d) => d.purpose === 'checkin');
  closeDb(check);
  expect(rows).toHaveLength(OWNERS);
  expect(rows.every((d) => d.state === 'sent' && d.channel?.startsWith('D') && d.ts)).toBe(true);
  return { report, beforeRerun };
}

describe('SIGKILL in the middle of a fan-out', () => {
  it('before the post: the cut-off claim is found never posted and sent once', async () => {
    const { report } = await scenario({ crashAt: 'before-post:10' });
    expect(report.reconciled.notPosted).toBeGreaterThanOrEqual(1);
  });

  it('after Slack accepted a post, before its answer: found in history, not re-sent', async () => {
    const { report } = await scenario({ slackKillsOnPost: 12 });
    expect(report.reconciled.confirmed).toBeGreaterThanOrEqual(1);
  });

  it('after Slack answered, before the mark: found in history, not re-sent', async () => {
    const { report } = await scenario({ crashAt: 'before-mark:15' });
    expect(report.reconciled.confirmed).toBeGreaterThanOrEqual(1);
  });
});
