import type { Db } from '../db/client.js';
import type { Cycle } from '../db/schema.js';
import { toDateTime } from '../domain/time.js';
import { getCurrentCycle, getCycleByName } from '../store/cycles.js';
import { UsageError, type CliIo } from './context.js';

/** Option handling shared by several commands. */

/** `--at <ISO instant>`, or now. */
export function parseAt(value: string | boolean | undefined): Date {
  if (typeof value !== 'string') return new Date();
  try {
    return toDateTime(value).toJSDate();
  } catch {
    throw new UsageError(`--at must be an ISO instant like 2027-01-11T09:00:00Z, not "${value}"`);
  }
}

/** `--cycle <name>`, else the active (or latest) cycle; prints why not and returns null. */
export async function findCycle(db: Db, name: string | boolean | undefined, io: CliIo): Promise<Cycle | null> {
  const cycle = typeof name === 'string' ? await getCycleByName(db, name) : await getCurrentCycle(db);
  if (!cycle) io.err(typeof name === 'string' ? `no cycle named "${name}"` : 'no cycle yet: import an OKR file first');
  return cycle ?? null;
}
