import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, openDb } from '../src/db/client.js';
import { inWorkspace } from '../src/db/ops.js';
import { addDays, isoWeekday, localDate } from '../src/domain/time.js';
import { parseOkrText } from '../src/okrs/format.js';
import { sealToken } from '../src/services/tokenVault.js';
import { importOkrs } from '../src/store/okrSync.js';
import { saveInstallation } from '../src/store/workspaces.js';
import { okrMineRequest, saveResults, startChild, stopChild, table } from './lib.js';

/**
 * One replica serving many workspaces (OAuth installs): 100 workspaces of 50 owners each in one
 * database; every owner of every workspace sends `/okr mine` once (5,000 signed requests, each
 * workspace's own team id). The replica's RSS at rest and after serving them all, and CPU per request.
 */

const WORKSPACES = Number(process.env.BENCH_WORKSPACES ?? 100);
const OWNERS = 50;
const SECRET = 'bench-signing-secret';
const KEY = Buffer.alloc(32, 7);
const pad = (n: number) => String(n).padStart(8, '0');

function okrFile(start: string): string {
  const krs = Array.from(
    { length: OWNERS },
    (_, i) =>
      `          - { id: O1-KR${i + 1}, title: "Raise metric ${i + 1} from 10 to 20", owner: U${pad(i + 1)}, baseline: 10, target: 20 }`,
  );
  return [
    `cycle: { name: Now, start: ${start}, end: ${addDays(start, 90)} }`,
    'teams:',
    '  - name: Team',
    '    timezone: UTC',
    '    objectives:',
    '      - id: O1',
    '        title: Make customers measurably happier with the product',
    '        key_results:',
    ...krs,
    '',
  ].join('\n');
}

const mine = (team: string, user: string) => okrMineRequest(user, team, 'http://127.0.0.1:9/unused', SECRET);

export async function runWorkspacesBench() {
  const fake = await startChild('fakeSlackServer', [], { USERS: String(OWNERS) }, 'FAKE_SLACK_URL=');
  const slackUrl = /FAKE_SLACK_URL=(\S+)/.exec(fake.output())![1]!;
  const dir = mkdtempSync(join(tmpdir(), 'okrbot-bench-ws-'));
  const dbPath = join(dir, 'okrbot.db');
  const today = localDate(new Date(), 'UTC');
  const doc = parseOkrText('ws.yaml', okrFile(addDays(today, -(isoWeekday(today) - 1) - 7)));
  const db = openDb(dbPath);
  const teams: string[] = [];
  for (let w = 1; w <= WORKSPACES; w++) {
    const team = `T${pad(w)}`;
    const ws = await saveInstallation(
      db,
      {
        slackTeamId: team,
        enterpriseId: null,
        name: `Workspace ${w}`,
        botUserId: 'U0BOT',
        botId: 'B0BOT',
        botTokenEncrypted: sealToken('xoxb-test-token', KEY),
        scopes: 'chat:write,commands,users:read',
        installedBy: `U${pad(1)}`,
      },
      new Date(),
    );
    await importOkrs(inWorkspace(db, ws.id), doc, { now: new Date() });
    teams.push(team);
  }
  closeDb(db);
  const env = {
    SLACK_CLIENT_ID: '1111.2222',
    SLACK_CLIENT_SECRET: 'bench-client-secret',
    SLACK_STATE_SECRET: 'a-state-secret-of-enough-length',
    OKRBOT_TOKEN_KEY: KEY.toString('base64'),
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: `${slackUrl}/api/`,
    PORT: '0',
    DATABASE_PATH: dbPath,
    OKRBOT_SCHEDULER: 'off',
    OKR_ADMINS: `${teams[0]}:U${pad(1)}`,
    LOG_LEVEL: 'error',
  };
  const bot = await startChild('botServer', [], env, 'BOT_PORT=');
  const port = Number(/BOT_PORT=(\d+)/.exec(bot.output())![1]);
  const probe = Number(/CPU_PORT=(\d+)/.exec(bot.output())![1]);
  const read = async () =>
    (await (await fetch(`http://127.0.0.1:${probe}/`)).json()) as { cpuMs: number; rssMB: number };
  // The last workspace's last owner sees their own KR: the request was served by that workspace.
  const sample = mine(teams.at(-1)!, `U${pad(OWNERS)}`);
  const answer = await (
    await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: sample.headers, body: sample.body })
  ).text();
  if (!answer.includes(`O1-KR${OWNERS}`)) throw new Error(`the workspace was not served: ${answer.slice(0, 300)}`);
  const atRest = await read();
  const requests = teams.flatMap((t) => Array.from({ length: OWNERS }, (_, i) => mine(t, `U${pad(i + 1)}`)));
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 20,
    amount: requests.length,
    requests: requests as never,
  });
  const after = await read();
  await stopChild(bot);
  await stopChild(fake);
  rmSync(dir, { recursive: true, force: true });
  const result = {
    workspaces: WORKSPACES,
    owners: WORKSPACES * OWNERS,
    rssAtRestMB: atRest.rssMB,
    rssAfterMB: after.rssMB,
    cpuMsPerRequest: (after.cpuMs - atRest.cpuMs) / requests.length,
    p99: r.latency.p99,
    bad: r.non2xx + r.errors + r.timeouts,
  };
  table(`One replica, ${WORKSPACES} workspaces × ${OWNERS} owners: every owner's /okr mine once`, [
    {
      'RSS at rest MB': result.rssAtRestMB,
      'RSS after MB': result.rssAfterMB,
      'CPU ms/req': result.cpuMsPerRequest,
      'p99 ms': result.p99,
      'non-2xx': result.bad,
    },
  ]);
  saveResults('workspaces', result);
  return result;
}

if (/workspaces\.[jt]s$/.test(process.argv[1] ?? '')) await runWorkspacesBench();
