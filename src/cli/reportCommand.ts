import { writeFileSync } from 'node:fs';
import { closeDb, openDb } from '../db/client.js';
import { trendFor } from '../domain/digest.js';
import { confidencesByKr, cycleMetrics } from '../domain/metrics.js';
import { cycleWeek, formatDateRange, weekCount } from '../domain/time.js';
import { listCheckins } from '../store/checkins.js';
import { listDecisions } from '../store/decisions.js';
import { listInitiatives } from '../store/initiatives.js';
import { listKrInfos } from '../store/keyResults.js';
import { DECISION_LABEL } from '../views/midcycle.js';
import { renderReportMarkdown } from '../views/reportMarkdown.js';
import { findCycle } from './args.js';
import { UsageError, type CommandContext } from './context.js';

type Values = Record<string, string | boolean | undefined>;

/** `okrbot report`: the cycle's OKRs, weekly confidence, decisions, learnings and success metrics. */
export function reportCommand(ctx: CommandContext, values: Values, positionals: string[]): number {
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  if (values.format !== undefined && values.format !== 'md') throw new UsageError(`--format must be md, not "${String(values.format)}" (HTML with charts is not built yet)`);
  const db = openDb(ctx.dbPath());
  try {
    const cycle = findCycle(db, values.cycle, ctx.io);
    if (!cycle) return 1;
    const krs = listKrInfos(db, { cycleId: cycle.id });
    const checkins = listCheckins(
      db,
      krs.map((k) => k.id),
    );
    const weeks = weekCount(cycle);
    const weeksSoFar = cycle.state === 'closed' ? weeks : Math.max(0, Math.min(weeks, (cycleWeek(cycle, new Date(), 'UTC') ?? 0) - 1));
    const confidences = confidencesByKr(checkins);
    const links = listInitiatives(db, krs.map((k) => k.id));
    const text = renderReportMarkdown({
      cycleName: cycle.name,
      dates: `${formatDateRange(cycle.startDate, cycle.endDate)} · ${weeks} weeks · ${cycle.state}`,
      metrics: cycleMetrics({ krs, confidences, linked: new Map([...links].map(([id, l]) => [id, l.length])), weeksSoFar }),
      krs,
      trends: new Map(krs.map((k) => [k.id, trendFor(checkins.filter((c) => c.krId === k.id), weeks)])),
      links,
      decisions: krs.flatMap((k) => listDecisions(db, k.id).filter((d) => d.status === 'confirmed').map((d) => `${d.decidedAt.slice(0, 10)} ${DECISION_LABEL[d.kind]} ${k.key}: ${d.rationale}`)),
    });
    if (typeof values.out === 'string') {
      writeFileSync(values.out, `${text}\n`);
      ctx.io.err(`wrote the ${cycle.name} report to ${values.out}`);
    } else ctx.io.out(text);
    return 0;
  } finally {
    closeDb(db);
  }
}
