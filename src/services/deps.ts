import type { WebClient } from '@slack/web-api';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/** What the application layer needs from the outside world; tests pass their own clock. */
export interface AppDeps {
  db: Db;
  client: WebClient;
  logger: Logger;
  clock: () => Date;
  admins: ReadonlySet<string>;
  metrics: Metrics;
}

export function isAdmin(deps: Pick<AppDeps, 'admins'>, slackUserId: string): boolean {
  return deps.admins.has(slackUserId);
}

/** Slack's error code from a Web API failure ("account_inactive", "ratelimited", …). */
export function slackErrorCode(error: unknown): string {
  const e = error as { code?: string; data?: { error?: string }; message?: string };
  if (e?.data?.error) return e.data.error;
  if (e?.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if (e?.code === 'slack_webapi_http_error') return 'http_error';
  return e?.code ?? e?.message ?? 'unknown_error';
}
