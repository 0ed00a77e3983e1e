import { WebAPIRateLimitedError } from '@slack/web-api';
import type { Delivery } from '../db/schema.js';
import { claimOrRetry, markFailed, markSent, TRANSIENT_ERRORS, type ClaimInput } from '../store/deliveries.js';
import { slackErrorCode, type AppDeps } from './deps.js';
import { UnreachableError } from './people.js';

/**
 * Sends something at most once: claim in the database, send, mark sent. Transient failures (429,
 * 5xx, network) leave the row retryable; anything else is recorded as final, so one unreachable
 * person never blocks or repeats.
 */

export type DeliverResult =
  | { status: 'sent'; channel: string; ts: string; delivery: Delivery }
  | { status: 'skipped' }
  | { status: 'retry'; error: string; retryAfterMs?: number }
  | { status: 'failed'; error: string };

export interface Sent {
  channel: string;
  ts: string;
}

export function errorOf(e: unknown): { code: string; retryAfterMs?: number } {
  if (e instanceof UnreachableError) return { code: e.code };
  const code = slackErrorCode(e);
  if (e instanceof WebAPIRateLimitedError) return { code, retryAfterMs: e.retryAfter * 1000 };
  if (code === 'ratelimited') return { code, retryAfterMs: 1000 };
  return { code };
}

export async function deliver(deps: AppDeps, claim: ClaimInput, send: () => Promise<Sent>): Promise<DeliverResult> {
  const row = claimOrRetry(deps.db, claim, deps.clock());
  if (!row) return { status: 'skipped' };
  try {
    const sent = await send();
    markSent(deps.db, row.id, sent.channel, sent.ts, deps.clock());
    deps.metrics.messagesSent.inc({ purpose: claim.purpose });
    return { status: 'sent', ...sent, delivery: row };
  } catch (e) {
    const { code, retryAfterMs } = errorOf(e);
    markFailed(deps.db, row.id, code);
    deps.metrics.messagesFailed.inc({ purpose: claim.purpose, error: code });
    if (TRANSIENT_ERRORS.includes(code)) {
      deps.logger.warn('delivery will be retried', { purpose: claim.purpose, error: code, attempt: row.attempts });
      return { status: 'retry', error: code, ...(retryAfterMs !== undefined && { retryAfterMs }) };
    }
    deps.logger.warn('delivery failed', { purpose: claim.purpose, error: code });
    return { status: 'failed', error: code };
  }
}

/** Posts a message (rendered only once the claim is won) at most once, and records where it went. */
export async function postOnce(deps: AppDeps, claim: ClaimInput, channel: string, render: () => { text: string; blocks: unknown[] }): Promise<DeliverResult> {
  return deliver(deps, claim, async () => {
    const m = render();
    const res = await deps.client.chat.postMessage({ channel, text: m.text, blocks: m.blocks as never, unfurl_links: false, unfurl_media: false });
    return { channel: res.channel!, ts: res.ts! };
  });
}
