import type { AppDeps } from '../../services/deps.js';
import type { RateGate } from '../fanout.js';

export interface JobContext extends AppDeps {
  gate: RateGate;
  concurrency: number;
  /** Aborted when the process is asked to stop: bulk work stops between sends (what is in flight settles). */
  signal?: AbortSignal;
}

export interface JobReport {
  job: string;
  due?: number;
  sent: number;
  skipped?: number;
  /** Not delivered, for good, with the reason. */
  failed: Array<{ error: string } & Record<string, unknown>>;
  /** Not delivered yet, with the reason; a later tick tries again. */
  deferred?: Array<{ error: string } & Record<string, unknown>>;
  /** Outcome not seen (timeout, 5xx, crash): reconciled from Slack on the next tick. */
  inDoubt?: Array<{ error: string } & Record<string, unknown>>;
  rateLimited?: number;
  notes?: Record<string, unknown>;
  /** The job itself threw (a bug or a database problem), as opposed to Slack refusing a send. */
  crashed?: boolean;
}
