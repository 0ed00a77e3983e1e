import { describe, expect, it } from 'vitest';
import { createLogger, toSlackLogger } from '../src/log.js';

/** The logger (pino) never lets a secret out: by field name, by Slack token shape, by the process's own values. */
describe('logger', () => {
  const run = (secrets: string[] = []) => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (l) => lines.push(l), secrets });
    return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  };

  it('writes JSON lines with level names, time and message', () => {
    const { logger, parsed } = run();
    logger.info('okrbot started', { port: 3000 });
    logger.child({ component: 'bolt' }).debug('initialized');
    expect(parsed()).toEqual([
      { level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), port: 3000, msg: 'okrbot started' },
      { level: 'debug', time: expect.any(String), component: 'bolt', msg: 'initialized' },
    ]);
  });

  it('masks secrets in fields, nested objects, arrays, errors and messages', () => {
    const key = 'dG9rZW4ta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMhIQ==';
    const { logger, lines } = run(['signing-secret-value', key]);
    const slackError = Object.assign(new Error('An API error occurred: invalid_auth (xoxb-111-222-abc)'), {
      code: 'slack_webapi_platform_error',
      data: { error: 'invalid_auth' },
    });
    logger.error('send failed with xoxb-111-222-abc', {
      token: 'plain-but-named-token',
      request: { headers: { authorization: 'Bearer xoxp-9-9', cookie: 'slack-state=abc' } },
      env: { OKRBOT_TOKEN_KEY: key },
      list: ['the signing-secret-value leaked', { deep: { deeper: `key=${key}` } }],
      error: slackError,
    });
    logger.child({ appToken: 'xapp-1-A0-123' }).warn('child with a secret field');
    const all = lines.join('\n');
    for (const secret of [
      'xoxb-111-222-abc',
      'plain-but-named-token',
      'xoxp-9-9',
      'signing-secret-value',
      key,
      'xapp-1-A0-123',
    ])
      expect(all).not.toContain(secret);
    const [line] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(line).toMatchObject({
      msg: 'send failed with xoxb-…redacted',
      token: '[redacted]',
      error: { name: 'Error', code: 'slack_webapi_platform_error', slackError: 'invalid_auth' },
    });
  });

  it('leaves the once-per-workspace line to okrbot: Bolt’s per-request authorization warning is not repeated', () => {
    const { logger, parsed } = run();
    const bolt = toSlackLogger(logger);
    bolt.warn('Authorization of incoming event did not succeed. No listeners will be called.');
    bolt.warn('something else');
    expect(parsed().map((l) => l.msg)).toEqual(['something else']);
  });
});
