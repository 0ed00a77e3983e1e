import type { Cycle } from '../../db/schema.js';
import { sendMonthlyNote } from '../../services/monthlyNote.js';
import type { JobContext, JobReport } from './types.js';

/** The monthly note to admins (services/monthlyNote.ts). */
export async function runMonthlyNote(ctx: JobContext, cycle: Cycle): Promise<JobReport> {
  const sent = await sendMonthlyNote(ctx, cycle);
  return { job: 'monthly', sent: sent ? 1 : 0, failed: [] };
}
