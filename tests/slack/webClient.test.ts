import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf } from '../../src/services/delivery.js';
import { slackErrorCode } from '../../src/services/deps.js';
import { slackFetch, webClientOptions } from '../../src/slack/webClient.js';
import { FakeSlack } from '../fakeSlack.js';

let slack: FakeSlack;
beforeEach(async () => {
  slack = await new FakeSlack().start();
  slack.addUser({ id: 'U0ANA' });
});
afterEach(async () => {
  await slack.stop();
});

describe('the Web API client (web-api 8, fetch)', () => {
  it('reuses kept-alive connections for Web API calls and response_url replies', async () => {
    const client = new WebClient(slack.token, webClientOptions({ SLACK_API_URL: slack.apiUrl }));
    for (let i = 0; i < 20; i++) await client.chat.postMessage({ channel: 'U0ANA', text: `hello ${i}` });
    for (let i = 0; i < 20; i++) {
      const res = await slackFetch(slack.responseUrl(`r${i}`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'hi' }),
      });
      expect(res.status).toBe(200);
      await res.text();
    }
    expect(slack.callsTo('chat.postMessage')).toHaveLength(20);
    expect(slack.responses).toHaveLength(20);
    // Sequential calls over one pool: a connection or two (undici may open a second while the first
    // is being released), not forty.
    expect(slack.connections).toBeLessThanOrEqual(2);
  });

  it('maps the typed errors to the codes the delivery rules use', async () => {
    const client = new WebClient(slack.token, {
      ...webClientOptions({ SLACK_API_URL: slack.apiUrl }),
      retryConfig: { retries: 0 },
    });
    const codeOf = async (inject: Parameters<FakeSlack['inject']>[1]) => {
      slack.inject('chat.postMessage', inject);
      const e = await client.chat.postMessage({ channel: 'U0ANA', text: 'x' }).catch((err: unknown) => err);
      return { e, code: slackErrorCode(e), retryAfterMs: errorOf(e).retryAfterMs };
    };
    const platform = await codeOf({ error: 'account_inactive' });
    expect(platform.e).toBeInstanceOf(WebAPIPlatformError);
    expect(platform.code).toBe('account_inactive');
    const limited = await codeOf({ status: 429, retryAfter: 7 });
    expect(limited.e).toBeInstanceOf(WebAPIRateLimitedError);
    expect(limited).toMatchObject({ code: 'ratelimited', retryAfterMs: 7000 });
    const server = await codeOf({ status: 500 });
    expect(server.e).toBeInstanceOf(WebAPIHTTPError);
    expect(server.code).toBe('http_error');

    const unreachable = new WebClient(slack.token, {
      ...webClientOptions({ SLACK_API_URL: 'http://127.0.0.1:1/api/' }),
      retryConfig: { retries: 0 },
    });
    const e = await unreachable.auth.test().catch((err: unknown) => err);
    expect(e).toBeInstanceOf(WebAPIRequestError);
    expect(slackErrorCode(e)).toBe('request_error');

    slack.latencyMs = 300;
    const impatient = new WebClient(slack.token, {
      ...webClientOptions({ SLACK_API_URL: slack.apiUrl }),
      retryConfig: { retries: 0 },
      timeout: 50,
    });
    expect(slackErrorCode(await impatient.auth.test().catch((err: unknown) => err))).toBe('request_timeout');
  });
});
