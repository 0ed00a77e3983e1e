import { schedule, type ScheduledTask } from 'node-cron';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppDeps } from '../services/deps.js';
import type { SchedulerHealth } from '../services/readiness.js';
import { acquireLease, releaseLease } from '../store/lease.js';
import { pruneEvents } from '../store/events.js';
import { jobContext, runJobsEverywhere, summarise, type TickReport } from './jobRunner.js';
import type { JobContext } from './jobs/types.js';

/**
 * The scheduler decides from the database, never from in-memory timers: every minute (and once at
 * start) it asks each job "what is due now that has not been done?". Each send is claimed in the
 * deliveries table first, so restarts, missed ticks, outages and DST switches catch up without
 * sending anything twice.
 *
 * One process leads (store/lease.ts). The others stand by and try for the lead every few seconds,
 * so a leader that stops cleanly (SIGTERM: it stops between sends and lets go of the lead) or dies
 * (PostgreSQL frees its lock with its session) is replaced within seconds, not at the next minute.
 */

export interface SchedulerOptions {
  /** Requests per second for bulk sends; 0 lets Slack's 429s do the pacing. */
  rate?: number;
  concurrency?: number;
  /** Lease length; another process may take over once it lapses. */
  leaseMs?: number;
  holder?: string;
  /** How often a standby tries for the lead (default 2 s). */
  standbyPollMs?: number;
  /** The workspaces to serve at each tick (OAuth installs); default: the one of `deps`. */
  workspaces?: () => Promise<AppDeps[]>;
}

export class Scheduler {
  readonly holder: string;
  private task: ScheduledTask | null = null;
  private standbyTimer: NodeJS.Timeout | null = null;
  private running: Promise<TickReport | null> | null = null;
  private readonly stopping = new AbortController();
  /** Each workspace's job context, kept across ticks (its rate gate remembers what Slack allowed). */
  private readonly contexts = new WeakMap<AppDeps, JobContext>();
  private readonly options: SchedulerOptions;
  private readonly leaseMs: number;
  /** Whether this process held the lease at its last tick. */
  leader = false;
  private lastBeatAt: Date | null = null;
  private lastTick: { at: Date; error: string | null } | null = null;

  constructor(
    private deps: AppDeps,
    options: SchedulerOptions = {},
  ) {
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 90_000;
    this.options = options;
  }

  /**
   * One tick: renew the lease, then run every job. A tick that starts while the previous one is
   * still running (a long fan-out) is skipped; the next one catches up from the database.
   */
  async tick(): Promise<TickReport | null> {
    this.lastBeatAt = new Date();
    if (this.stopping.signal.aborted) return null;
    if (this.running) {
      this.deps.logger.debug('previous tick still running; skipping');
      return null;
    }
    this.running = this.lead();
    try {
      const report = await this.running;
      if (this.leader) this.lastTick = { at: new Date(), error: null };
      return report;
    } catch (e) {
      this.lastTick = { at: new Date(), error: e instanceof Error ? e.message : String(e) };
      throw e;
    } finally {
      this.running = null;
    }
  }

  private async lead(): Promise<TickReport | null> {
    const now = this.deps.clock();
    const leader = await acquireLease(this.deps.db, this.holder, now, this.leaseMs);
    if (leader !== this.leader) {
      this.deps.logger.info(
        leader ? 'scheduler lease acquired' : 'another process holds the scheduler lease; serving Slack only',
        { holder: this.holder },
      );
    }
    this.leader = leader;
    this.deps.metrics.leader.set(leader ? 1 : 0);
    if (!leader) return null;
    const stopTimer = this.deps.metrics.tickSeconds.startTimer();
    const workspaces = this.options.workspaces ? await this.options.workspaces() : [this.deps];
    const report = await runJobsEverywhere(workspaces.map((d) => this.contextFor(d)));
    stopTimer();
    if (this.stopping.signal.aborted) return report; // the database may be closing: prune next time
    await pruneEvents(this.deps.db, new Date(now.getTime() - 7 * 24 * 3600 * 1000));
    const sent = report.reports.reduce((n, r) => n + r.sent, 0);
    if (sent > 0 || report.reports.some((r) => r.failed.length))
      this.deps.logger.info('scheduler tick', { ...summarise(report) });
    return report;
  }

  /** What /readyz reports about this scheduler. */
  get health(): SchedulerHealth {
    return {
      leader: this.leader,
      lastBeatAt: this.lastBeatAt,
      lastTickAt: this.lastTick?.at ?? null,
      lastTickError: this.lastTick?.error ?? null,
    };
  }

  private contextFor(deps: AppDeps): JobContext {
    let ctx = this.contexts.get(deps);
    if (!ctx) this.contexts.set(deps, (ctx = jobContext(deps, { ...this.options, signal: this.stopping.signal })));
    return ctx;
  }

  private tickLogged(): void {
    void this.tick().catch((e: unknown) =>
      this.deps.logger.error('tick failed', { error: e instanceof Error ? e : String(e) }),
    );
  }

  /** Ticks every minute, and once now; a standby also tries for the lead every few seconds. */
  start(): void {
    this.task = schedule('* * * * *', () => {
      // Lag: how long after the top of the minute this tick began (a busy event loop shows here).
      this.deps.metrics.tickLag.set((Date.now() % 60_000) / 1000);
      this.tickLogged();
    });
    this.standbyTimer = setInterval(() => {
      if (!this.leader && !this.running) this.tickLogged();
    }, this.options.standbyPollMs ?? 2000);
    this.standbyTimer.unref();
    this.tickLogged();
  }

  /**
   * Stops between sends: no new send starts, the ones in flight settle (each is claimed, posted and
   * marked), then the lead is let go so a standby takes it within its poll (README: "Hosted").
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.standbyTimer) clearInterval(this.standbyTimer);
    await this.task?.stop();
    await this.running?.catch(() => undefined);
    if (this.leader) await releaseLease(this.deps.db, this.holder);
    this.leader = false;
  }
}
