import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { FakeSlack } from '../fakeSlack.js';
import { dueNowCrowdFile } from '../helpers/crowd.js';
import { freshDb } from '../helpers/db.js';
import { waitFor } from '../helpers/bot.js';
import type { Db } from '../../src/db/client.js';
import { parseTokenKey, sealToken } from '../../src/services/tokenVault.js';
import { saveInstallation } from '../../src/store/workspaces.js';

/**
 * Two okrbot replicas as the host runs them (`okrbot start`, real processes, one database: SQLite
 * or PostgreSQL by project), serving a workspace installed by OAuth. The leader is stopped the way
 * Docker stops it (SIGTERM) in the middle of the weekly fan-out: it stops between sends, lets go of
 * the lead, exits 0; the standby takes over without waiting for its minute tick and sends the
 * rest. Every owner gets exactly one DM, and no secret reaches either replica's logs.
 */

const OWNERS = 120;
const TOKEN_KEY = Buffer.alloc(32, 7).toString('base64');
const SECRETS = {
  SLACK_SIGNING_SECRET: 'replica-signing-secret-0123',
  SLACK_CLIENT_SECRET: 'fake-client-secret',
  SLACK_STATE_SECRET: 'a-state-secret-of-enough-length',
  OKRBOT_TOKEN_KEY: TOKEN_KEY,
};

interface Replica {
  child: ChildProcess;
  logs: () => string;
  started: () => string | undefined;
  exited: Promise<{ code: number | null; at: number }>;
}

const children: ChildProcess[] = [];
let slack: FakeSlack | null = null;
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await slack?.stop();
  slack = null;
});

function startReplica(env: Record<string, string>): Replica {
  const child = spawn(process.execPath, ['bin/okrbot.js', 'start'], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let logs = '';
  child.stderr!.on('data', (d) => (logs += d));
  const exited = new Promise<{ code: number | null; at: number }>((r) =>
    child.on('exit', (code) => r({ code, at: Date.now() })),
  );
  const started = () => logs.split('\n').find((l) => l.includes('"msg":"okrbot started"'));
  return { child, logs: () => logs, started, exited };
}

/** What every replica is started with: the shared database, secrets and fake Slack. */
function replicaEnv(fake: FakeSlack, db: { path: string; url?: string | undefined }): Record<string, string> {
  return {
    ...(db.url ? { DATABASE_URL: db.url } : { DATABASE_PATH: db.path }),
    ...SECRETS,
    SLACK_CLIENT_ID: fake.oauth.clientId,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    OKRBOT_CHARTS: 'off',
  };
}

const leads = (r: Replica) => r.logs().includes('scheduler lease acquired');

/** Acme installed okrbot by OAuth (tests/slack/hosted.e2e.test.ts plays that flow): its sealed token, accepted by the fake. */
async function installAcme(db: Db, fake: FakeSlack): Promise<string> {
  const token = 'xoxb-t0acme-replicas';
  fake.oauth.byToken.set(token, {
    teamId: 'T0ACME',
    teamName: 'Acme',
    token,
    botUserId: 'U0BOTACME',
    installer: 'U000001',
  });
  const sealed = sealToken(token, parseTokenKey(TOKEN_KEY));
  await saveInstallation(
    db,
    {
      slackTeamId: 'T0ACME',
      enterpriseId: null,
      name: 'Acme',
      botUserId: 'U0BOTACME',
      botId: 'B0ACME',
      botTokenEncrypted: sealed,
      scopes: 'chat:write,commands,im:write,users:read',
      installedBy: 'U000001',
    },
    new Date(),
  );
  return token;
}

describe('two replicas, stopped as Docker stops them', () => {
  it('the leader stops between sends on SIGTERM and the standby sends the rest at once: one DM each', async () => {
    slack = await new FakeSlack().start();
    slack.recordCalls = true;
    slack.latencyMs = 10;
    const { db, path, url, dir } = await freshDb();
    const env = {
      ...replicaEnv(slack, { path, url }),
      OKRBOT_SEND_RATE: '15',
      LOG_LEVEL: 'debug',
    };
    const token = await installAcme(db, slack);
    const imported = await runCli(['import', dueNowCrowdFile(dir, OWNERS, slack), '--workspace', 'T0ACME'], {
      out: () => {},
      err: () => {},
      env,
    });
    expect(imported).toBe(0);
    const [a, b] = [startReplica(env), startReplica(env)];

    const weekly = () => slack!.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith('Weekly'));
    const [leader, standby] = await waitFor(() => (leads(a) ? [a, b] : leads(b) ? [b, a] : false), 30_000);
    await waitFor(() => weekly().length >= 20, 30_000);
    leader.child.kill('SIGTERM');
    const { code } = await leader.exited;
    expect(code).toBe(0);
    const sentByLeader = weekly().length;
    expect(sentByLeader).toBeLessThan(OWNERS); // it stopped mid fan-out, not at the end of the tick
    expect(leader.logs()).toContain('scheduler stopped');

    await waitFor(() => leads(standby), 10_000); // its poll, not its next minute tick
    await waitFor(() => new Set(weekly().map((c) => c.args.channel)).size === OWNERS, 30_000);
    const perOwner = new Map<string, number>();
    for (const c of weekly()) perOwner.set(String(c.args.channel), (perOwner.get(String(c.args.channel)) ?? 0) + 1);
    expect([...perOwner.values()].filter((n) => n > 1)).toEqual([]);
    expect(perOwner.size).toBe(OWNERS);

    standby.child.kill('SIGTERM');
    expect((await standby.exited).code).toBe(0);
    // A whole run at debug level, both replicas: no token, secret or key in any line.
    for (const log of [leader.logs(), standby.logs()]) {
      for (const secret of [token, ...Object.values(SECRETS)]) expect(log).not.toContain(secret);
      expect(log.split('\n').filter((l) => l.trim() && !l.startsWith('{'))).toEqual([]); // JSON lines only
    }
  }, 120_000);

  it('a replica started with another OKRBOT_TOKEN_KEY is alive but not ready, and says why', async () => {
    slack = await new FakeSlack().start();
    const { db, path, url } = await freshDb();
    await installAcme(db, slack);
    const env = replicaEnv(slack, { path, url });
    const wrong = startReplica({ ...env, OKRBOT_TOKEN_KEY: Buffer.alloc(32, 8).toString('base64') });
    const right = startReplica(env);
    const base = async (r: Replica) =>
      `http://127.0.0.1:${/"port":(\d+)/.exec(await waitFor(() => r.started(), 30_000))![1]}`;
    const [wrongBase, rightBase] = [await base(wrong), await base(right)];
    const notReady = await fetch(`${wrongBase}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({
      status: 'token_key_mismatch',
      workspaces: { installed: 1, unreadable: ['T0ACME'] },
    });
    expect((await fetch(`${wrongBase}/livez`)).status).toBe(200);
    expect((await fetch(`${rightBase}/readyz`)).status).toBe(200);
    await waitFor(() => wrong.logs().includes('does not open with OKRBOT_TOKEN_KEY'), 10_000);
  }, 60_000);
});
