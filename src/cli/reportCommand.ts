import { writeFileSync } from 'node:fs';
import { closeDatabase } from '../db/open.js';
import { openWorkspaceDb } from './workspaceDb.js';
import { reportData, reportImages, type ReportData } from '../services/report.js';
import { renderReportHtml } from '../views/reportHtml.js';
import { renderReportMarkdown } from '../views/reportMarkdown.js';
import { findCycle } from './args.js';
import { UsageError, type CommandContext } from './context.js';

type Values = Record<string, string | boolean | undefined>;

/**
 * `okrbot report`: the cycle's OKRs, weekly confidence, decisions, learnings and success metrics,
 * as Markdown (default, `--format md`) or as one self-contained HTML file with every chart
 * (`--html <file>`, or `--format html`).
 */
export async function reportCommand(ctx: CommandContext, values: Values, positionals: string[]): Promise<number> {
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  if (values.format !== undefined && values.format !== 'md' && values.format !== 'html')
    throw new UsageError(`--format must be md or html, not "${String(values.format)}"`);
  if (typeof values.html === 'string' && values.format === 'md')
    throw new UsageError('--html writes HTML: leave out --format md');
  if (typeof values.html === 'string' && typeof values.out === 'string')
    throw new UsageError('give either --html <file> or --out <file>, not both');
  const html = typeof values.html === 'string' || values.format === 'html';
  const out = typeof values.html === 'string' ? values.html : typeof values.out === 'string' ? values.out : undefined;
  const db = await openWorkspaceDb(ctx.database(), ctx.workspace());
  let data: ReportData;
  let cycleName: string;
  try {
    const cycle = await findCycle(db, values.cycle, ctx.io);
    if (!cycle) return 1;
    cycleName = cycle.name;
    data = await reportData(db, cycle, new Date());
  } finally {
    await closeDatabase(db);
  }
  const text = html ? renderReportHtml(data, await reportImages(data)) : `${renderReportMarkdown(data)}\n`;
  if (out) {
    writeFileSync(out, text);
    ctx.io.err(`wrote the ${cycleName} report to ${out}`);
  } else ctx.io.out(text.trimEnd());
  return 0;
}
