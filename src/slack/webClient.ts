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

/**
 * Fetch for everything okrbot sends to Slack (Web API, file uploads and response_url). A file
 * upload's body is Node's built-in FormData, which the undici package's fetch does not know (it
 * would send "[object FormData]"): it is encoded to multipart bytes here, boundary and all.
 */
export const slackFetch: FetchFunction = async (url, init) => {
  let request = init as RequestInit & { headers?: Record<string, string> };
  if (request?.body instanceof FormData) {
    const encoded = new Response(request.body);
    const headers = {
      ...(request.headers as Record<string, string> | undefined),
      'content-type': encoded.headers.get('content-type')!,
    };
    request = { ...request, headers, body: Buffer.from(await encoded.arrayBuffer()) };
  }
  return undiciFetch(url, { ...(request as object), dispatcher: dispatcher() }) as unknown as ReturnType<FetchFunction>;
};

/**
 * The one retry policy: the Web API client never retries on its own. A retried chat.postMessage
 * after a timeout or 5xx is how a DM gets posted twice, so every failure goes back to the caller:
 * sends through the delivery gateway (services/delivery.ts) treat an unseen outcome as in doubt and
 * reconcile it from Slack before sending again; the scheduler's fan-out paces itself, honours
 * Retry-After on 429 (surfaced at once rather than pausing the client's whole queue) and retries
 * definite failures on later ticks; interactive calls (views.open, chat.update) are logged and the
 * person can simply click again.
 */
export function webClientOptions(
  config: Pick<SlackConfig, 'SLACK_API_URL'> & Partial<Pick<SlackConfig, 'OKRBOT_SLACK_TIMEOUT_MS'>>,
): WebClientOptions {
  return {
    fetch: slackFetch,
    ...(config.SLACK_API_URL && {
      slackApiUrl: config.SLACK_API_URL.endsWith('/') ? config.SLACK_API_URL : `${config.SLACK_API_URL}/`,
    }),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    // An unanswered call is abandoned after this; a post cut off this way is in doubt, not failed.
    timeout: config.OKRBOT_SLACK_TIMEOUT_MS ?? 10_000,
  };
}
