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

describe('config', () => {
  it('has defaults for commands that need no Slack', () => {
    expect(loadBaseConfig({})).toEqual({ DATABASE_PATH: './data/okrbot.db', LOG_LEVEL: 'info', OKR_ADMINS: [] });
    expect(loadBaseConfig({ OKR_ADMINS: 'U012AB3CD, W0ABCDEF', SLACK_BOT_TOKEN: 'nonsense' }).OKR_ADMINS).toEqual(['U012AB3CD', 'W0ABCDEF']);
  });

  it('names every missing or bad variable on its own line', () => {
    expect(problems(() => loadSlackConfig({ PORT: 'eighty', OKR_ADMINS: 'bob', LOG_LEVEL: 'loud' })).sort()).toEqual([
      'LOG_LEVEL must be one of debug, info, warn, error',
      'OKR_ADMINS not Slack user ids: bob (expected e.g. U012AB3CD)',
      'PORT must be a port number',
      'SLACK_BOT_TOKEN is required (the bot token, xoxb-…)',
      'SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
    ]);
    expect(problems(() => loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_APP_TOKEN: 'abc', SLACK_API_URL: 'not a url' }))).toEqual([
      'SLACK_BOT_TOKEN must be a bot token starting with xoxb-',
      'SLACK_APP_TOKEN must be an app-level token starting with xapp-',
      'SLACK_API_URL must be a URL such as https://slack.com/api/',
    ]);
  });

  it('accepts HTTP mode and Socket Mode', () => {
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '8080' })).toMatchObject({ PORT: 8080, SLACK_SIGNING_SECRET: 's' });
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toMatchObject({ PORT: 3000, SLACK_APP_TOKEN: 'xapp-1' });
  });
});
