import { describe, expect, it } from 'vitest';
import { ConfigError, loadBaseConfig, loadSlackConfig } from '../src/config.js';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const oauth = {
  SLACK_SIGNING_SECRET: 's',
  SLACK_CLIENT_ID: '1.2',
  SLACK_CLIENT_SECRET: 'c',
  SLACK_STATE_SECRET: 'a-state-secret-long-enough',
  OKRBOT_TOKEN_KEY: Buffer.alloc(32, 1).toString('base64'),
};

describe('config', () => {
  it('has defaults for commands that need no Slack', () => {
    expect(loadBaseConfig({})).toEqual({ DATABASE_PATH: './data/okrbot.db', LOG_LEVEL: 'info', OKR_ADMINS: [] });
    expect(loadBaseConfig({ OKR_ADMINS: 'U012AB3CD, W0ABCDEF', SLACK_BOT_TOKEN: 'nonsense' }).OKR_ADMINS).toEqual([
      'U012AB3CD',
      'W0ABCDEF',
    ]);
  });

  it('names every missing or bad variable on its own line', () => {
    expect(problems(() => loadSlackConfig({ PORT: 'eighty', OKR_ADMINS: 'bob', LOG_LEVEL: 'loud' })).sort()).toEqual([
      'LOG_LEVEL must be one of debug, info, warn, error',
      'OKR_ADMINS not Slack user ids: bob (expected e.g. U012AB3CD, or T012AB3CD:U012AB3CD)',
      'PORT must be a port number',
      'SLACK_BOT_TOKEN is required (the bot token, xoxb-…)',
      'SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
    ]);
    expect(
      problems(() =>
        loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_APP_TOKEN: 'abc', SLACK_API_URL: 'not a url' }),
      ),
    ).toEqual([
      'SLACK_BOT_TOKEN must be a bot token starting with xoxb-',
      'SLACK_APP_TOKEN must be an app-level token starting with xapp-',
      'SLACK_API_URL must be a URL such as https://slack.com/api/',
    ]);
  });

  it('takes OAuth (many workspaces) whole or not at all, with a token key and without a bot token', () => {
    expect(loadSlackConfig(oauth).SLACK_CLIENT_ID).toBe('1.2');
    expect(problems(() => loadSlackConfig({ SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: '1.2' })).sort()).toEqual([
      'OKRBOT_TOKEN_KEY is required with OAuth: 32 random bytes that seal the bot tokens at rest (openssl rand -base64 32)',
      'SLACK_CLIENT_SECRET is required with SLACK_CLIENT_ID (OAuth needs all three)',
      'SLACK_STATE_SECRET is required with SLACK_CLIENT_ID (OAuth needs all three)',
    ]);
    expect(problems(() => loadSlackConfig({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1', OKRBOT_TOKEN_KEY: 'short' }))).toEqual(
      [
        'SLACK_BOT_TOKEN: a distributed install gets each workspace’s token when it installs; unset SLACK_BOT_TOKEN (or the SLACK_CLIENT_… variables for a single workspace)',
        'OKRBOT_TOKEN_KEY must be 32 bytes, as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)',
      ],
    );
    expect(
      problems(() => loadSlackConfig({ ...oauth, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: 'xapp-1' })),
    ).toEqual([
      'SLACK_APP_TOKEN: a distributed install (SLACK_CLIENT_ID…) serves Slack over HTTP; unset SLACK_APP_TOKEN and set SLACK_SIGNING_SECRET',
    ]);
  });

  it('scopes OKR_ADMINS to a workspace with OAuth installs (an admin of one is nobody in another)', () => {
    expect(loadSlackConfig({ ...oauth, OKR_ADMINS: 'T0ACME:U0ANA, T0BETA:W0BEN' }).OKR_ADMINS).toEqual([
      'T0ACME:U0ANA',
      'T0BETA:W0BEN',
    ]);
    expect(problems(() => loadSlackConfig({ ...oauth, OKR_ADMINS: 'T0ACME:U0ANA,U0BEN' }))).toEqual([
      'OKR_ADMINS: with OAuth installs each admin names its workspace, as T012AB3CD:U012AB3CD (not: U0BEN); whoever installs okrbot in a workspace is its admin already',
    ]);
    // One workspace: bare ids, as before.
    expect(
      loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', OKR_ADMINS: 'U0ANA' }).OKR_ADMINS,
    ).toEqual(['U0ANA']);
  });

  it('accepts HTTP mode and Socket Mode', () => {
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '8080' })).toMatchObject({
      PORT: 8080,
      SLACK_SIGNING_SECRET: 's',
    });
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toMatchObject({
      PORT: 3000,
      SLACK_APP_TOKEN: 'xapp-1',
    });
  });
});
