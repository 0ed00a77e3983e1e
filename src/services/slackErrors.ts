import { WebAPIPlatformError, WebAPIRateLimitedError } from '@slack/web-api';
import { slackErrorCode } from './deps.js';
import { UnreachableError } from './people.js';

/** What Slack's refusals mean for a send (services/delivery.ts decides from these). */

/**
 * Errors about okrbot's own token or workspace, never about the recipient: `account_inactive` is
 * "token is for a deleted user or workspace" in chat.postMessage's error table (posting to a
 * deactivated *person* succeeds). They stop the run for the workspace; no owner is marked unreachable.
 */
export const WORKSPACE_ERRORS = [
  'account_inactive',
  'token_revoked',
  'invalid_auth',
  'not_authed',
  'team_access_not_granted',
  'missing_scope',
];

/** Platform errors after which Slack may have done the work anyway (its docs say so for these). */
const MAYBE_DONE = ['internal_error', 'fatal_error', 'request_timeout', 'service_unavailable'];

export function errorOf(e: unknown): { code: string; retryAfterMs?: number } {
  if (e instanceof UnreachableError) return { code: e.code };
  const code = slackErrorCode(e);
  if (e instanceof WebAPIRateLimitedError) return { code, retryAfterMs: e.retryAfter * 1000 };
  if (code === 'ratelimited') return { code, retryAfterMs: 1000 };
  return { code };
}

/** True when Slack's answer proves nothing was posted. */
export function definitelyNotPosted(e: unknown): boolean {
  if (e instanceof WebAPIRateLimitedError) return true;
  return e instanceof WebAPIPlatformError && !MAYBE_DONE.includes(e.data.error);
}

/**
 * Sends a message, and its fallback when Slack refuses the blocks. A refusal is definite (nothing
 * was posted), so trying the fallback under the same claim cannot post twice.
 */
export async function withFallback<M extends { fallback?: M }, T>(message: M, send: (m: M) => Promise<T>): Promise<T> {
  try {
    return await send(message);
  } catch (e) {
    if (!message.fallback || !(e instanceof WebAPIPlatformError) || e.data.error !== 'invalid_blocks') throw e;
    return send(message.fallback);
  }
}
