import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { openDb } from '../../src/db/client.js';
import { FakeSlack } from '../fakeSlack.js';
import { PEOPLE } from '../helpers/bot.js';
import { tempDir } from '../helpers/db.js';

/**
 * `okrbot mcp --as <person>` as an assistant on someone's machine runs it: a real process speaking
 * MCP on stdio to the SDK's own client, on the real clock, against a database whose cycle is in
 * its third week, with the Web API pointed at the fake Slack (spawned asynchronously: it lives here).
 */

let slack: FakeSlack | null = null;
let client: Client | null = null;
afterEach(async () => {
  await client?.close();
  client = null;
  await slack?.stop();
  slack = null;
});

/** The example OKRs in a cycle that began two Mondays before this week's: today is in week 3. */
async function database(fake: FakeSlack): Promise<{ path: string; env: Record<string, string> }> {
  const dir = tempDir();
  const now = new Date();
  const monday = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7) - 14),
  );
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const yaml = readFileSync('examples/okrs.example.yaml', 'utf8')
    .replace(/start: 2027-01-04/, `start: ${day(monday)}`)
    .replace(/end: 2027-04-04/, `end: ${day(new Date(monday.getTime() + 90 * 86_400_000))}`)
    .replace(/\n\s*mid: .*/, '');
  writeFileSync(join(dir, 'okrs.yaml'), yaml);
  const path = join(dir, 'okrbot.db');
  const env = { SLACK_BOT_TOKEN: fake.token, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'error', OKRBOT_CHARTS: 'off' };
  expect(await runCli(['import', join(dir, 'okrs.yaml'), '--db', path], { out: () => {}, err: () => {}, env })).toBe(0);
  return { path, env };
}

const text = (r: unknown) => (r as { content: Array<{ text: string }> }).content[0]!.text;

describe('okrbot mcp (stdio)', () => {
  it('acts as the person named by email: lists their KRs, checks in (stored), reads it back', async () => {
    slack = await new FakeSlack().start();
    for (const u of Object.values(PEOPLE)) slack.addUser(u);
    const { path, env } = await database(slack);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['bin/okrbot.js', 'mcp', '--as', 'ana@example.com', '--db', path],
      env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
      stderr: 'pipe',
    });
    client = new Client({ name: 'okrbot-test', version: '1.0.0' });
    await client.connect(transport);
    const mine = await client.callTool({ name: 'list_key_results', arguments: {} });
    expect(mine.structuredContent).toMatchObject({ week: 3 });
    expect((mine.structuredContent as { keyResults: Array<{ id: string }> }).keyResults.map((k) => k.id)).toEqual([
      'O1-KR1',
      'O2-KR1',
    ]);
    const done = await client.callTool({
      name: 'check_in',
      arguments: { kr_id: 'O2-KR1', score: 2, evidence: 'Shipped <the> export & it is used', next: 'Announce it' },
    });
    expect(text(done)).toBe('Recorded O2-KR1, week 3: on track.');
    const read = await client.callTool({ name: 'get_key_result', arguments: { kr_id: 'O2-KR1' } });
    expect((read.structuredContent as { checkins: unknown[] }).checkins).toEqual([
      {
        week: 3,
        score: 2,
        scoreText: 'on track',
        evidence: 'Shipped <the> export & it is used',
        risks: null,
        nextAction: 'Announce it',
        value: null,
      },
    ]);
    expect(text(read)).toContain('Shipped <the> export & it is used'); // Markdown for the assistant, not Slack's entities
    const db = openDb(path);
    expect(db.$client.prepare('SELECT week, confidence, next_action FROM checkins').all()).toEqual([
      { week: 3, confidence: 2, next_action: 'Announce it' },
    ]);
    db.$client.close();
  }, 60_000);

  it('refuses to start for someone it cannot find, saying why', async () => {
    slack = await new FakeSlack().start();
    const { path, env } = await database(slack);
    const child = spawn(process.execPath, ['bin/okrbot.js', 'mcp', '--as', 'nobody@example.com', '--db', path], {
      env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(2);
    expect(stderr).toContain('okrbot does not know "nobody@example.com"');
  }, 60_000);
});
