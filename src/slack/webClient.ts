import type { FetchFunction, WebClientOptions } from '@slack/web-api';
import { Agent, EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import type { SlackConfig } from '../config.js';

/**
 * How okrbot talks HTTP to Slack: one fetch (undici, the same engine as Node's global fetch) over
 * one connection pool per process, shared by the Web API client and Bolt's `respond()`
 * (response_url). Connections are kept alive and reused — a weekly fan-out is thousands of calls
 * to one host — and capped per origin so a burst cannot open thousands of sockets. With
 * HTTPS_PROXY / HTTP_PROXY set (NO_PROXY honoured) calls go through that proxy.
 */

let pool: Dispatcher | null = null;

function dispatcher(): Dispatcher {
  // Keep idle sockets for 30 s (servers may say less, and undici honours their keep-alive hint).
  const options = { connections: 64, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 };
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((v) => process.env[v]);
  pool ??= proxied ? new EnvHttpProxyAgent(options) : new Agent(options);
  return pool;
}

/** Fetch for everything okrbot sends to Slack (Web API and response_url). */
export const slackFetch: FetchFunction = (url, init) => undiciFetch(url, { ...(init as object), dispatcher: dispatcher() }) as unknown as ReturnType<FetchFunction>;

/**
 * Deliberate Web API retry policy: a few quick retries for network errors and 5xx, and 429s are
 * surfaced at once instead of pausing the client's whole queue (its default would wait and retry
 * for up to ~30 minutes). Callers that fan out (the scheduler) pace themselves and honour Retry-After.
 */
export function webClientOptions(config: Pick<SlackConfig, 'SLACK_API_URL'>): WebClientOptions {
  return {
    fetch: slackFetch,
    ...(config.SLACK_API_URL && { slackApiUrl: config.SLACK_API_URL.endsWith('/') ? config.SLACK_API_URL : `${config.SLACK_API_URL}/` }),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000, randomize: true },
    timeout: 10_000,
  };
}
