import type { TenancyStatus } from './tenancy.js';

/**
 * Whether this replica can serve, for a load balancer (/readyz) — distinct from whether the process
 * is alive (/livez). Ready means: it takes requests, its database answers, its OKRBOT_TOKEN_KEY
 * opens the stored bot tokens (a replica started with another key would answer and serve nobody),
 * and, when it leads the scheduler, the scheduler still wakes.
 */

export interface SchedulerHealth {
  leader: boolean;
  /** When the scheduler last woke (a minute tick, or a standby's try for the lead); null before the first. */
  lastBeatAt: Date | null;
  /** When the leader's last tick ended, and what it threw (null when it did not). */
  lastTickAt: Date | null;
  lastTickError: string | null;
}

export type ReadinessProblem = 'shutting_down' | 'db_unavailable' | 'token_key_mismatch' | 'scheduler_stalled';

export interface ReadinessFacts {
  accepting: boolean;
  dbAnswers: boolean;
  /** Null when the database did not answer (then nothing is known of the workspaces). */
  workspaces: TenancyStatus | null;
  /** Null when this process runs no scheduler (OKRBOT_SCHEDULER=off). */
  scheduler: SchedulerHealth | null;
  startedAt: Date;
  now: Date;
}

export interface Readiness {
  ready: boolean;
  problems: ReadinessProblem[];
  facts: ReadinessFacts;
}

/** A scheduler wakes every minute (a standby every few seconds); this long without a beat, it is stuck. */
export const SCHEDULER_STALLED_AFTER_MS = 150_000;

export function assessReadiness(facts: ReadinessFacts): Readiness {
  const problems: ReadinessProblem[] = [];
  if (!facts.accepting) problems.push('shutting_down');
  if (!facts.dbAnswers) problems.push('db_unavailable');
  const ws = facts.workspaces;
  // Every installed token unreadable: the key is wrong. Some: those workspaces' rows (reported apart).
  if (ws && ws.installed > 0 && ws.unreadable.length === ws.installed) problems.push('token_key_mismatch');
  const s = facts.scheduler;
  const since = s?.lastBeatAt ?? facts.startedAt;
  if (s && facts.now.getTime() - since.getTime() > SCHEDULER_STALLED_AFTER_MS) problems.push('scheduler_stalled');
  return { ready: problems.length === 0, problems, facts };
}
