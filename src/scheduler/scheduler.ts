import { schedule, type ScheduledTask } from 'node-cron';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Cycle } from '../db/schema.js';
import { localDate } from '../domain/time.js';
import type { AppDeps } from '../services/deps.js';
import { getActiveCycle, plannedCycleStartingBy, setCycleState } from '../store/cycles.js';
import { acquireLease, releaseLease } from '../store/lease.js';
import { DEFAULT_SEND_RATE } from '../config.js';
import { alertDepartures } from '../services/departures.js';
import { reconcileInDoubt, type ReconcileReport } from '../services/reconcile.js';
import { pruneEvents } from '../store/events.js';
import { RateGate } from './fanout.js';
import { runCheckins } from './jobs/checkins.js';
import { runClose } from './jobs/close.js';
import { runDigests } from './jobs/digest.js';
import { runMidcycle } from './jobs/midcycle.js';
import { runReminders } from './jobs/reminders.js';
import { runRollup } from './jobs/rollup.js';
import type { JobContext, JobReport } from './jobs/types.js';

/**
 * The scheduler decides from the database, never from in-memory timers: every minute (and once at
 * start) it asks each job "what is due now that has not been done?". Each send is claimed in the
 * deliveries table first, so restarts, missed ticks, outages and DST switches catch up without
 * sending anything twice.
 */

export const JOBS = {
  checkins: runCheckins,
  reminders: runReminders,
  digest: runDigests,
  // After the digests: the roll-up follows them in the same tick.
  rollup: runRollup,
  midcycle: runMidcycle,
  close: runClose,
} as const;
export type JobName = keyof typeof JOBS;

export interface SchedulerOptions {
  /** Requests per second for bulk sends; 0 lets Slack's 429s do the pacing. */
  rate?: number;
  concurrency?: number;
  /** Lease length; another process may take over once it lapses. */
  leaseMs?: number;
  holder?: string;
  /** The workspaces to serve at each tick (OAuth installs); default: the one of `deps`. */
  workspaces?: () => Promise<AppDeps[]>;
}

/** Workspaces served at once by one tick: a slow one (429s) holds one slot, the rest go on. */
const WORKSPACES_AT_ONCE = 4;

export interface TickReport {
  at: string;
  cycle: string | null;
  reports: JobReport[];
  /** In-doubt sends settled from Slack's history before the jobs ran. */
  reconciled: ReconcileReport;
  durationMs: number;
}

export function jobContext(deps: AppDeps, options: SchedulerOptions = {}): JobContext {
  return { ...deps, gate: new RateGate(options.rate ?? DEFAULT_SEND_RATE), concurrency: options.concurrency ?? 8 };
}

/**
 * Runs the jobs for every workspace, a few at a time, each through its own context (its own rate
 * gate: one workspace's 429s slow only its sends), and merges their reports.
 */
export async function runJobsEverywhere(contexts: JobContext[], names?: JobName[]): Promise<TickReport> {
  const started = Date.now();
  const reports: TickReport[] = new Array(contexts.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < contexts.length; i = next++) reports[i] = await runJobs(contexts[i]!, names);
  };
  await Promise.all(Array.from({ length: Math.min(WORKSPACES_AT_ONCE, contexts.length) }, worker));
  if (reports.length === 1) return reports[0]!;
  return {
    at: reports[0]?.at ?? new Date().toISOString(),
    cycle: reports.map((r) => r.cycle).find((c) => c !== null) ?? null,
    reports: reports.flatMap((r) => r.reports),
    reconciled: {
      confirmed: sum(reports, (r) => r.reconciled.confirmed),
      notPosted: sum(reports, (r) => r.reconciled.notPosted),
      unresolved: sum(reports, (r) => r.reconciled.unresolved),
      gaveUp: reports.flatMap((r) => r.reconciled.gaveUp),
    },
    durationMs: Date.now() - started,
  };
}

const sum = <T>(list: T[], f: (t: T) => number) => list.reduce((n, t) => n + f(t), 0);

/** Runs one job (or all, in order) against the database as at the context's clock. */
export async function runJobs(ctx: JobContext, names: JobName[] = Object.keys(JOBS) as JobName[]): Promise<TickReport> {
  const started = Date.now();
  // First settle what earlier runs (or a crash) left in doubt, so nothing is sent twice or lost.
  const reconciled = await reconcileInDoubt(ctx);
  const cycle: Cycle | undefined = (await getActiveCycle(ctx.db)) ?? (await startDueCycle(ctx));
  const reports: JobReport[] = [];
  if (cycle) {
    for (const name of names) {
      try {
        reports.push(await JOBS[name](ctx, cycle));
      } catch (e) {
        // One job failing (a bug, a locked database) must not stop the others.
        ctx.logger.error('scheduler job failed', { job: name, error: e instanceof Error ? e : String(e) });
        reports.push({
          job: name,
          sent: 0,
          failed: [{ error: e instanceof Error ? e.message : String(e) }],
          crashed: true,
        });
      }
    }
    // Owners found gone from Slack during the jobs (or before): their admins hear it once.
    await alertDepartures(ctx).catch((e: unknown) =>
      ctx.logger.error('could not tell admins who left Slack', { error: e instanceof Error ? e : String(e) }),
    );
  }
  return {
    at: ctx.clock().toISOString(),
    cycle: cycle?.name ?? null,
    reports,
    reconciled,
    durationMs: Date.now() - started,
  };
}

/**
 * A planned cycle becomes active on its start date — as soon as that date begins anywhere on
 * Earth (UTC+14), so owners in the earliest zones get week 1 on time. Only when no cycle is active.
 */
export async function startDueCycle(deps: Pick<AppDeps, 'db' | 'clock' | 'logger'>): Promise<Cycle | undefined> {
  const earliestToday = localDate(deps.clock(), 'Pacific/Kiritimati');
  const next = await plannedCycleStartingBy(deps.db, earliestToday);
  if (!next) return undefined;
  await setCycleState(deps.db, next.id, 'active');
  deps.logger.info('cycle started', { cycle: next.name });
  return { ...next, state: 'active' };
}

export class Scheduler {
  readonly holder: string;
  private task: ScheduledTask | null = null;
  private running: Promise<TickReport | null> | null = null;
  private stopped = false;
  /** Each workspace's job context, kept across ticks (its rate gate remembers what Slack allowed). */
  private readonly contexts = new WeakMap<AppDeps, JobContext>();
  private readonly options: SchedulerOptions;
  private readonly leaseMs: number;
  /** Whether this process held the lease at its last tick. */
  leader = false;

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
    if (this.stopped) return null;
    if (this.running) {
      this.deps.logger.debug('previous tick still running; skipping');
      return null;
    }
    this.running = (async () => {
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
      await pruneEvents(this.deps.db, new Date(now.getTime() - 7 * 24 * 3600 * 1000));
      const sent = report.reports.reduce((n, r) => n + r.sent, 0);
      if (sent > 0 || report.reports.some((r) => r.failed.length))
        this.deps.logger.info('scheduler tick', { ...summarise(report) });
      return report;
    })();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private contextFor(deps: AppDeps): JobContext {
    let ctx = this.contexts.get(deps);
    if (!ctx) this.contexts.set(deps, (ctx = jobContext(deps, this.options)));
    return ctx;
  }

  /** Ticks every minute, and once now. */
  start(): void {
    this.task = schedule('* * * * *', () => {
      // Lag: how long after the top of the minute this tick began (a busy event loop shows here).
      this.deps.metrics.tickLag.set((Date.now() % 60_000) / 1000);
      return void this.tick().catch((e: unknown) =>
        this.deps.logger.error('tick failed', { error: e instanceof Error ? e : String(e) }),
      );
    });
    void this.tick().catch((e: unknown) =>
      this.deps.logger.error('tick failed', { error: e instanceof Error ? e : String(e) }),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.task?.stop();
    await this.running;
    if (this.leader) await releaseLease(this.deps.db, this.holder);
  }
}

export function summarise(report: TickReport): Record<string, unknown> {
  return {
    at: report.at,
    cycle: report.cycle,
    durationMs: report.durationMs,
    reconciled: report.reconciled,
    jobs: Object.fromEntries(
      report.reports.map((r) => [
        r.job,
        {
          ...(r.due !== undefined && { due: r.due }),
          sent: r.sent,
          failed: r.failed.length,
          ...(r.deferred?.length && { deferred: r.deferred.length }),
          ...(r.inDoubt?.length && { inDoubt: r.inDoubt.length }),
          ...(r.skipped && { skipped: r.skipped }),
          ...(r.rateLimited ? { rateLimited: r.rateLimited } : {}),
        },
      ]),
    ),
  };
}
