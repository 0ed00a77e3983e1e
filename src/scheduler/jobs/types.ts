import type { AppDeps } from '../../services/deps.js';
import type { RateGate } from '../fanout.js';

export interface JobContext extends AppDeps {
  gate: RateGate;
  concurrency: number;
}

export interface JobReport {
  job: string;
  due?: number;
  sent: number;
  skipped?: number;
  failed: Array<{ error: string }>;
  deferred?: number;
  rateLimited?: number;
  notes?: Record<string, unknown>;
  /** The job itself threw (a bug or a database problem), as opposed to Slack refusing a send. */
  crashed?: boolean;
}
