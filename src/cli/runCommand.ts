import { closeDatabase } from '../db/open.js';
import { JOBS, jobContext, runJobsEverywhere, summarise, type JobName } from '../scheduler/jobRunner.js';
import { parseAt } from './args.js';
import { installedWorkspaceId } from './workspaceDb.js';
import { UsageError, type CommandContext } from './context.js';
import { slackCommandDeps } from './slackDeps.js';

type Values = Record<string, string | boolean | undefined>;

/**
 * `okrbot run <job> [--at <ISO>]`: one job, once, exactly as the minute tick would run it at that
 * instant. Deliveries already claimed are never sent again, so it is safe beside a running bot.
 */
export async function runCommand(ctx: CommandContext, values: Values, positionals: string[]): Promise<number> {
  const [name, ...extra] = positionals;
  const names = Object.keys(JOBS);
  if (!name || !names.includes(name))
    throw new UsageError(`which job? one of ${names.join(', ')}${name ? ` (not "${name}")` : ''}`);
  if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
  const at = parseAt(values.at);
  const { config, db, tenancy } = await slackCommandDeps(ctx, values, () => at);
  try {
    const only = ctx.workspace();
    // --workspace is checked as every command checks it (refused, naming the installed ones).
    if (only !== undefined) await installedWorkspaceId(db, only);
    const one = only === undefined ? null : await tenancy.forTeam(only);
    const workspaces = one ? [one] : await tenancy.all();
    const options = { rate: config.OKRBOT_SEND_RATE, concurrency: config.OKRBOT_SEND_CONCURRENCY };
    const report = await runJobsEverywhere(
      workspaces.map((d) => jobContext(d, options)),
      [name as JobName],
    );
    if (!report.cycle) {
      // Between cycles a cron calling this is not an error.
      ctx.io.err('no active cycle: nothing to do');
      ctx.io.out(JSON.stringify({ ...summarise(report), note: 'no active cycle' }, null, 2));
      return 0;
    }
    const r = report.reports[0]!;
    ctx.io.out(
      JSON.stringify(
        {
          ...summarise(report),
          failures: r.failed,
          deferred: r.deferred ?? [],
          inDoubt: r.inDoubt ?? [],
          notes: r.notes ?? {},
        },
        null,
        2,
      ),
    );
    return r.crashed ? 1 : 0;
  } finally {
    await closeDatabase(db);
  }
}
