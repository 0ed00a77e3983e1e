import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  type WebClient,
} from '@slack/web-api';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/** What the application layer needs from the outside world; tests pass their own clock. */
export interface AppDeps {
  db: Db;
  client: WebClient;
  logger: Logger;
  clock: () => Date;
  /** Admins from configuration (OKR_ADMINS, the installer); services/admins.ts adds those added in Slack. */
  admins: ReadonlySet<string>;
  metrics: Metrics;
  /** Charts in Slack messages (OKRBOT_CHARTS); on unless set to false. */
  charts?: boolean;
}

/**
 * Slack's error code from a Web API failure ("account_inactive", "ratelimited", …), from the
 * typed errors of @slack/web-api 8: the platform's own code, `ratelimited` for 429, `http_error`
 * for another non-200 status, `request_timeout` when our timeout cut the call off, `request_error`
 * for other transport failures. Non-Slack errors keep their own code or message.
 */
export function slackErrorCode(error: unknown): string {
  if (error instanceof WebAPIPlatformError) return error.data.error;
  if (error instanceof WebAPIRateLimitedError) return 'ratelimited';
  if (error instanceof WebAPIHTTPError) return 'http_error';
  if (error instanceof WebAPIRequestError) return isTimeout(error.original) ? 'request_timeout' : 'request_error';
  const e = error as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string') return e.code;
  return typeof e?.message === 'string' ? e.message : 'unknown_error';
}

function isTimeout(e: unknown): boolean {
  const name = (e as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}
