import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakeSlack.js';
import { tempDir } from '../helpers/db.js';
import { waitFor } from '../helpers/bot.js';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

let slack: FakeSlack | null = null;
afterEach(async () => {
  await slack?.stop();
  slack = null;
});

describe('npm start as a real process', () => {
  it('exits at once naming each missing variable', () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_PATH: join(tempDir(), 'x.db') };
    const r = spawnSync(process.execPath, ['bin/okrbot.js', 'start'], { env, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('SLACK_BOT_TOKEN is required');
    expect(r.stderr).toContain(
      'SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
    );
    expect(r.stderr).toContain('README.md');
  });

  it('serves /healthz over HTTP and shuts down cleanly on SIGTERM', async () => {
    slack = await new FakeSlack().start();
    const port = await freePort();
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      DATABASE_PATH: join(tempDir(), 'okrbot.db'),
      LOG_LEVEL: 'info',
    };
    const child = spawn(process.execPath, ['bin/okrbot.js', 'start'], { env });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await waitFor(() => stderr.includes('okrbot started'), 20_000);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; level: string });
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['okrbot started', 'signal received', 'okrbot stopped']),
    );
    expect(stderr).not.toContain(slack.token); // tokens never reach the logs
  });
});
