import type { DeliverResult } from '../services/delivery.js';
import { WORKSPACE_UNAVAILABLE } from '../store/deliveries.js';

/**
 * Paced fan-out for bulk sends (weekly DMs, reminders). A gate spaces requests to a rate and, when
 * Slack answers 429, pauses only this fan-out for Retry-After — interactive handlers keep their own
 * path to Slack and never wait behind it. A 429 also tells the gate what Slack allows: what got
 * through since the gate last started sending, over the time to the last success plus the
 * one-second burst Slack's bucket starts with. The gate resumes at just under that rate as soon as Retry-After has passed
 * (no slow climb from a trough), so one 429 is all it takes; it probes upwards only after a
 * quiet minute, in case the limit was someone else's burst.
 */

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** Why an item was left for a later tick when the process was asked to stop (not a delivery error). */
export const STOPPING = 'stopping';

/** How far under the rate Slack allowed the gate paces after a 429. */
const MARGIN = 0.95;
/** A quiet minute without a 429 before the gate tries 5 % more. */
const PROBE_AFTER_MS = 60_000;

export class RateGate {
  private nextSlot = 0;
  private pausedUntil = 0;
  private learned: number | null = null;
  private lastLimitAt = 0;
  private lastProbeAt = 0;
  /** Sends that went through since `windowStart` (the first send after the gate was made or resumed). */
  private windowStart = 0;
  private lastSentAt = 0;
  private sentInWindow = 0;

  /** @param perSecond requests per second; 0 = no pacing until Slack's first 429. */
  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The pace in force: the configured one, or lower once Slack has told us otherwise. */
  get rate(): number {
    if (this.learned === null) return this.perSecond;
    return this.perSecond > 0 ? Math.min(this.perSecond, this.learned) : this.learned;
  }

  /** Waits for this request's slot; returns early (without one) when `signal` aborts. */
  async wait(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      const now = this.now();
      this.probe(now);
      const at = Math.max(this.nextSlot, this.pausedUntil);
      if (at <= now) {
        const rate = this.rate;
        // Timers wake late; let slots catch up on up to 50 ms of lateness instead of losing it.
        this.nextSlot = Math.max(now - 50, this.nextSlot) + (rate > 0 ? 1000 / rate : 0);
        return;
      }
      await sleep(at - now, signal);
    }
  }

  /** A request went through. */
  succeeded(): void {
    const now = this.now();
    if (this.sentInWindow === 0 || now < this.windowStart) this.windowStart = now;
    this.sentInWindow++;
    this.lastSentAt = now;
  }

  /** Slack answered 429: wait Retry-After, then pace just under what it let through. */
  rateLimited(retryAfterMs: number): void {
    const now = this.now();
    this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    // Several in-flight requests may see the same 429; learn once per pause.
    if (now - this.lastLimitAt > 250 && this.sentInWindow > 0) {
      // Slack's bucket let `sentInWindow` through by the last success: its burst (a second's worth) plus that time's refill.
      const allowed = this.sentInWindow / ((this.lastSentAt - this.windowStart) / 1000 + 1);
      const current = this.rate || Infinity;
      this.learned = Math.max(0.5, Math.min(current, allowed) * MARGIN);
    } else if (this.learned === null && this.sentInWindow === 0) {
      this.learned = Math.max(0.5, (this.rate || 1) * 0.5); // refused before anything got through
    }
    this.lastLimitAt = now;
    this.lastProbeAt = now;
    // Slack's bucket refills during the pause: measure afresh from the first send after it.
    this.sentInWindow = 0;
  }

  /** A quiet minute without a 429: try 5 % more (up to the configured rate), in case the limit lifted. */
  private probe(now: number): void {
    if (this.learned === null || now - this.lastLimitAt < PROBE_AFTER_MS || now - this.lastProbeAt < PROBE_AFTER_MS)
      return;
    this.learned = this.perSecond > 0 ? Math.min(this.perSecond, this.learned * 1.05) : this.learned * 1.05;
    this.lastProbeAt = now;
  }
}

/** What happened to each item; the counts add up to the number of items. */
export interface FanOutSummary {
  sent: number;
  skipped: number;
  /** Definitely not delivered, for good ("could not reach"). */
  failed: Array<{ error: string } & Record<string, unknown>>;
  /** Definitely not delivered yet; retried on a later tick. */
  deferred: Array<{ error: string } & Record<string, unknown>>;
  /** Maybe delivered: reconciled from Slack's history on a later tick. */
  inDoubt: Array<{ error: string } & Record<string, unknown>>;
  /** 429s met on the way (each retried until it went through). */
  rateLimited: number;
  /** Set when Slack refused okrbot itself (a dead token or workspace): the run stopped there. */
  stopped?: string;
  /** Set when the process was asked to stop: the rest was left, unclaimed, for the next leader. */
  interrupted?: boolean;
}

/**
 * Work done ahead for the next items: no further ahead than ~100 ms of sending at the gate's pace,
 * so little waits prepared (claimed) when the run stops; unpaced, a full batch.
 */
function preparer<T>(
  options: { gate: RateGate; prepare?: { ahead: number; run: (items: T[]) => Promise<void> } },
  items: T[],
): (item: T) => Promise<void> | undefined {
  const prepared = new Map<T, Promise<void>>();
  const position = new Map(items.map((item, i) => [item, i]));
  return (item) => {
    if (!options.prepare) return;
    let ready = prepared.get(item);
    if (!ready) {
      const { ahead, run } = options.prepare;
      const rate = options.gate.rate;
      const n = rate > 0 ? Math.max(1, Math.min(ahead, Math.floor(rate / 10))) : ahead;
      // This item and the next ones in the list not prepared yet (other workers may hold some already).
      const batch = [item];
      for (let i = (position.get(item) ?? items.length) + 1; i < items.length && batch.length < n; i++)
        if (!prepared.has(items[i]!)) batch.push(items[i]!);
      ready = run(batch);
      for (const i of batch) prepared.set(i, ready);
    }
    return ready;
  };
}

/**
 * Runs `work` for every item with bounded concurrency through the gate. A 429 pauses the gate for
 * Retry-After and puts the item back; other definite transient failures are retried a few times
 * with backoff, then left (retryable) for the next tick. An in-doubt outcome is never retried here.
 * When `signal` aborts (SIGTERM), no new item starts: the sends in flight settle (claim, post,
 * mark) and the rest stay unclaimed, so whichever process leads next sends them at once.
 */
export async function fanOut<T>(
  items: T[],
  work: (item: T) => Promise<DeliverResult | { status: 'skipped'; reason?: string }>,
  options: {
    gate: RateGate;
    concurrency: number;
    retries?: number;
    describe?: (item: T) => Record<string, unknown>;
    signal?: AbortSignal;
    /** Work done ahead for the next items at once (a bulk read, a batch of claims), at most `ahead` of them. */
    prepare?: { ahead: number; run: (items: T[]) => Promise<void> };
  },
): Promise<FanOutSummary> {
  const summary: FanOutSummary = { sent: 0, skipped: 0, failed: [], deferred: [], inDoubt: [], rateLimited: 0 };
  const queue = items.map((item) => ({ item, tries: 0 }));
  const maxTries = options.retries ?? 3;
  const who = (item: T) => options.describe?.(item) ?? {};
  const prepare = preparer(options, items);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (summary.stopped) {
        summary.deferred.push({ ...who(next.item), error: WORKSPACE_UNAVAILABLE });
        continue;
      }
      await options.gate.wait(options.signal);
      if (options.signal?.aborted) {
        summary.interrupted = true;
        summary.deferred.push({ ...who(next.item), error: STOPPING });
        continue;
      }
      await prepare(next.item)?.catch(() => undefined); // unprepared, `work` does it all itself
      const r = await work(next.item);
      if (r.status === 'sent') {
        summary.sent++;
        options.gate.succeeded();
      } else if (r.status === 'skipped') summary.skipped++;
      else if (r.status === 'failed') summary.failed.push({ ...who(next.item), error: r.error });
      else if (r.status === 'in_doubt') summary.inDoubt.push({ ...who(next.item), error: r.error });
      else if (r.error === WORKSPACE_UNAVAILABLE) {
        // Every other send would be refused the same way: stop, leave the rest due for a later tick.
        summary.stopped = 'cause' in r && r.cause ? r.cause : r.error;
        summary.deferred.push({ ...who(next.item), error: r.error });
      } else if (r.error === 'ratelimited') {
        summary.rateLimited++;
        options.gate.rateLimited(r.retryAfterMs ?? 1000);
        queue.push(next); // a 429 is Slack pacing us, not a failure: always try again
      } else if (++next.tries < maxTries) {
        await sleep(200 * 2 ** next.tries, options.signal);
        queue.push(next);
      } else {
        summary.deferred.push({ ...who(next.item), error: r.error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, worker));
  return summary;
}
