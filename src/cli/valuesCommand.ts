import { closeDatabase } from '../db/open.js';
import { readKrValues } from '../services/krValues.js';
import { getActiveCycle } from '../store/cycles.js';
import { listKrInfos } from '../store/keyResults.js';
import { valueLine } from '../views/values.js';
import { parseAt } from './args.js';
import { UsageError, type CommandContext } from './context.js';
import { openWorkspaceDb } from './workspaceDb.js';

type Values = Record<string, string | boolean | undefined>;

/**
 * `okrbot values [--check]`: reads the source of every KR of the active cycle that has one, one line
 * per KR; stores the values (as the scheduler does before the weekly DMs) unless `--check`. Exit 1
 * when a source could not be read.
 */
export async function valuesCommand(ctx: CommandContext, values: Values, positionals: string[]): Promise<number> {
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const at = parseAt(values.at);
  const db = await openWorkspaceDb(ctx.database(), ctx.workspace());
  try {
    const cycle = await getActiveCycle(db);
    if (!cycle) {
      ctx.io.err('no active cycle: no values to read');
      return 1;
    }
    const krs = await listKrInfos(db, { cycleId: cycle.id });
    const reads = await readKrValues({ db, clock: () => at }, krs, { env: ctx.io.env, check: values.check === true });
    if (reads.length === 0) ctx.io.err(`no key result of ${cycle.name} has a source (source: in the OKR file)`);
    for (const r of reads) ctx.io.out(valueLine(r.kr, r.read));
    if (values.check !== true && reads.length) ctx.io.err(`stored ${reads.filter((r) => r.read.ok).length} value(s)`);
    return reads.some((r) => !r.read.ok) ? 1 : 0;
  } finally {
    await closeDatabase(db);
  }
}
