import type { DeliverResult } from '../services/delivery.js';

/**
 * Paced fan-out for bulk sends (weekly DMs, reminders). A gate spaces requests to a configured
 * rate and, when Slack answers 429, pauses only this fan-out for Retry-After — interactive
 * handlers keep their own path to Slack and never wait behind it.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class RateGate {
  private nextSlot = 0;
  private pausedUntil = 0;
  /** @param perSecond requests per second; 0 = no pacing (Slack's 429s still pace us). */
  constructor(private perSecond: number) {}

  async wait(): Promise<void> {
    for (;;) {
      const now = Date.now();
      const at = Math.max(this.nextSlot, this.pausedUntil);
      if (at <= now) {
        this.nextSlot = Math.max(now, this.nextSlot) + (this.perSecond > 0 ? 1000 / this.perSecond : 0);
        return;
      }
      await sleep(at - now);
    }
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  get rate(): number {
    return this.perSecond;
  }
}

export interface FanOutSummary {
  sent: number;
  skipped: number;
  failed: Array<{ error: string }>;
  /** Transient failures left for a later tick. */
  deferred: number;
  rateLimited: number;
}

/**
 * Runs `work` for every item with bounded concurrency through the gate. A 429 pauses the gate for
 * Retry-After and puts the item back; other transient errors are retried a few times with
 * backoff, then left (retryable) for the next tick.
 */
export async function fanOut<T>(items: T[], work: (item: T) => Promise<DeliverResult | { status: 'skipped'; reason?: string }>, options: { gate: RateGate; concurrency: number; retries?: number }): Promise<FanOutSummary> {
  const summary: FanOutSummary = { sent: 0, skipped: 0, failed: [], deferred: 0, rateLimited: 0 };
  const queue = items.map((item) => ({ item, tries: 0 }));
  const maxTries = options.retries ?? 3;
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await options.gate.wait();
      const r = await work(next.item);
      if (r.status === 'sent') summary.sent++;
      else if (r.status === 'skipped') summary.skipped++;
      else if (r.status === 'failed') summary.failed.push({ error: r.error });
      else if (r.error === 'ratelimited') {
        summary.rateLimited++;
        options.gate.pause(r.retryAfterMs ?? 1000);
        queue.push(next); // a 429 is Slack pacing us, not a failure: always try again
      } else if (++next.tries < maxTries) {
        await sleep(200 * 2 ** next.tries);
        queue.push(next);
      } else {
        summary.deferred++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, worker));
  return summary;
}
