import type { Cycle } from '../db/schema.js';
import { localDate } from '../domain/time.js';
import type { AppDeps } from '../services/deps.js';
import { getActiveCycle, plannedCycleStartingBy, setCycleState } from '../store/cycles.js';
import { DEFAULT_SEND_RATE } from '../config.js';
import { alertDepartures } from '../services/departures.js';
import { reconcileInDoubt, type ReconcileReport } from '../services/reconcile.js';
import { RateGate } from './fanout.js';
import { runCheckins } from './jobs/checkins.js';
import { runClose } from './jobs/close.js';
import { runDigests } from './jobs/digest.js';
import { runEscalations } from './jobs/escalations.js';
import { runMonthlyNote } from './jobs/monthly.js';
import { runMidcycle } from './jobs/midcycle.js';
import { runReminders } from './jobs/reminders.js';
import { runRollup } from './jobs/rollup.js';
import type { JobContext, JobReport } from './jobs/types.js';

/**
 * What one tick does, for one workspace or all: settle what is in doubt, start a cycle that is
 * due, run each job. Used by the scheduler (every minute) and by `okrbot run` (once).
 */

export const JOBS = {
  checkins: runCheckins,
  reminders: runReminders,
  escalations: runEscalations,
  digest: runDigests,
  // After the digests: the roll-up follows them in the same tick.
  rollup: runRollup,
  midcycle: runMidcycle,
  close: runClose,
  monthly: runMonthlyNote,
} as const;
export type JobName = keyof typeof JOBS;

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

export function jobContext(
  deps: AppDeps,
  options: { rate?: number; concurrency?: number; signal?: AbortSignal } = {},
): JobContext {
  return {
    ...deps,
    gate: new RateGate(options.rate ?? DEFAULT_SEND_RATE),
    concurrency: options.concurrency ?? 8,
    ...(options.signal && { signal: options.signal }),
  };
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
    // Stopping: no new workspace starts (those not reached are run by the next leader).
    for (let i = next++; i < contexts.length && !contexts[i]!.signal?.aborted; i = next++)
      reports[i] = await runIsolated(contexts[i]!, names);
  };
  await Promise.all(Array.from({ length: Math.min(WORKSPACES_AT_ONCE, contexts.length) }, worker));
  const done = reports.filter((r) => r !== undefined); // a stop leaves holes
  if (contexts.length === 1 && done[0]) return done[0];
  return {
    at: done[0]?.at ?? new Date().toISOString(),
    cycle: done.map((r) => r.cycle).find((c) => c !== null) ?? null,
    reports: done.flatMap((r) => r.reports),
    reconciled: {
      confirmed: sum(done, (r) => r.reconciled.confirmed),
      notPosted: sum(done, (r) => r.reconciled.notPosted),
      unresolved: sum(done, (r) => r.reconciled.unresolved),
      gaveUp: done.flatMap((r) => r.reconciled.gaveUp),
    },
    durationMs: Date.now() - started,
  };
}

/**
 * One workspace's jobs; whatever it throws (its database rows, a bug its data triggers) is its own:
 * reported as a crashed run for that workspace while the others go on.
 */
async function runIsolated(ctx: JobContext, names?: JobName[]): Promise<TickReport> {
  const started = Date.now();
  try {
    return await runJobs(ctx, names);
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    ctx.logger.error('workspace tick failed; the other workspaces go on', {
      workspaceId: ctx.db.workspaceId,
      error: e instanceof Error ? e : String(e),
    });
    return {
      at: ctx.clock().toISOString(),
      cycle: null,
      reports: [{ job: 'tick', sent: 0, failed: [{ error, workspaceId: ctx.db.workspaceId }], crashed: true }],
      reconciled: { confirmed: 0, notPosted: 0, unresolved: 0, gaveUp: [] },
      durationMs: Date.now() - started,
    };
  }
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
      if (ctx.signal?.aborted) break; // stopping: the next leader runs the rest at once
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
