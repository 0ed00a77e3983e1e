import { writeFileSync } from 'node:fs';
import { closeDatabase } from '../db/open.js';
import { openWorkspaceDb } from './workspaceDb.js';
import { listDecisions } from '../store/decisions.js';
import { listKrInfos } from '../store/keyResults.js';
import { DECISION_LABEL } from '../views/midcycle.js';
import { findCycle } from './args.js';
import { UsageError, type CommandContext } from './context.js';

type Values = Record<string, string | boolean | undefined>;

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

/** `okrbot decisions export`: the decision log as Markdown, per objective, newest first. */
export async function decisionsCommand(ctx: CommandContext, values: Values, positionals: string[]): Promise<number> {
  const [sub, ...extra] = positionals;
  if (sub !== 'export') throw new UsageError(`the only subcommand is export${sub ? ` (not "${sub}")` : ''}`);
  if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
  const db = await openWorkspaceDb(ctx.database(), ctx.workspace());
  try {
    const cycle = await findCycle(db, values.cycle, ctx.io);
    if (!cycle) return 1;
    const krs = await listKrInfos(db, { cycleId: cycle.id });
    const out = [
      `# Decision log — ${cycle.name}`,
      '',
      `${cycle.startDate} → ${cycle.endDate} · mid-cycle ${cycle.midDate}`,
      '',
    ];
    let total = 0;
    const objectives = [...new Map(krs.map((k) => [k.objectiveKey, k.objectiveTitle])).entries()];
    for (const [key, title] of objectives) {
      const entries: Array<{ kr: (typeof krs)[number]; d: Awaited<ReturnType<typeof listDecisions>>[number] }> = [];
      for (const kr of krs.filter((k) => k.objectiveKey === key))
        for (const d of await listDecisions(db, kr.id)) entries.push({ kr, d });
      entries.sort((a, b) => b.d.decidedAt.localeCompare(a.d.decidedAt) || b.d.id - a.d.id);
      const learned = krs.filter((k) => k.objectiveKey === key && k.learning);
      if (entries.length === 0 && learned.length === 0) continue;
      out.push(`## ${key} · ${title}`, '');
      if (learned.length) {
        out.push('### What we learned', '');
        for (const k of learned) out.push(`- **${k.key}** (grade ${k.grade ?? '—'}): ${oneLine(k.learning!)}`);
        out.push('');
      }
      for (const { kr, d } of entries) {
        total++;
        out.push(...decisionLines(kr, d));
      }
    }
    if (total === 0 && !krs.some((k) => k.learning)) out.push('_No decisions logged yet._', '');
    const text = out.join('\n');
    if (typeof values.out === 'string') {
      writeFileSync(values.out, text);
      ctx.io.err(`wrote ${total} decision${total === 1 ? '' : 's'} to ${values.out}`);
    } else ctx.io.out(text.trimEnd());
    return 0;
  } finally {
    await closeDatabase(db);
  }
}

type Decided = Awaited<ReturnType<typeof listDecisions>>[number];

/** One decision in the log: what, why, who, and the KR as it was before. */
function decisionLines(kr: { key: string; title: string }, d: Decided): string[] {
  const status = d.status === 'confirmed' ? '' : ` (${d.status})`;
  const lines = [`### ${d.decidedAt.slice(0, 10)} — ${DECISION_LABEL[d.kind]} ${kr.key}${status}`, ''];
  lines.push(`- **Key result:** ${kr.key} ${oneLine(kr.title)}`, `- **Rationale:** ${oneLine(d.rationale)}`);
  if (d.proposedBy !== null) lines.push(`- **Proposed by:** ${d.proposerLabel ?? 'unknown'}`);
  const verb = d.proposedBy === null ? 'Decided' : d.status === 'rejected' ? 'Rejected' : 'Confirmed';
  if (d.status !== 'proposed') lines.push(`- **${verb} by:** ${d.resolverLabel ?? 'unknown'}`);
  const title = d.newTitle ? `title → "${oneLine(d.newTitle)}"` : '';
  const target = d.newTarget !== null ? `target → ${d.newTarget}` : '';
  if (title || target) lines.push(`- **Change:** ${[title, target].filter(Boolean).join(', ')}`);
  const before = JSON.parse(d.snapshot) as { title?: string; target?: number | null; status?: string };
  lines.push(
    `- **Before:** "${oneLine(before.title ?? '')}", target ${before.target ?? '—'}, ${before.status ?? '—'}`,
    '',
  );
  return lines;
}
