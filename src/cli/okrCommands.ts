import { readFileSync, writeFileSync } from 'node:fs';
import { closeDatabase } from '../db/open.js';
import { openWorkspaceDb } from './workspaceDb.js';
import { formatFinding, lintOkrs } from '../domain/lint.js';
import { docToCsv, docToYaml, exportDoc } from '../store/okrExport.js';
import { OkrFileError, parseOkrText, type OkrDoc } from '../okrs/format.js';
import { formatChange, importOkrs } from '../store/okrSync.js';
import { findCycle } from './args.js';
import { UsageError, type CommandContext } from './context.js';
import { existsSync } from 'node:fs';

type Values = Record<string, string | boolean | undefined>;

function readDoc(ctx: CommandContext, positionals: string[]): OkrDoc | number {
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('which file? e.g. okrbot import examples/okrs.example.yaml');
  if (extra.length) throw new UsageError(`one file at a time (got also: ${extra.join(' ')})`);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    ctx.io.err(
      `${file}: cannot read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
    return 2;
  }
  try {
    return parseOkrText(file, source);
  } catch (e) {
    if (!(e instanceof OkrFileError)) throw e;
    ctx.io.err(`${file} is not valid — nothing was imported:`);
    for (const line of e.message.split('\n')) ctx.io.err(`  ${line}`);
    return 2;
  }
}

export function lintCommand(ctx: CommandContext, _values: Values, positionals: string[]): number {
  const doc = readDoc(ctx, positionals);
  if (typeof doc === 'number') return doc;
  const findings = lintOkrs(doc.teams);
  if (findings.length === 0) {
    ctx.io.out(`${positionals[0]}: no red flags.`);
    return 0;
  }
  ctx.io.out(`${positionals[0]}: ${findings.length} finding${findings.length === 1 ? '' : 's'}`);
  for (const f of findings) ctx.io.out(formatFinding(f));
  return 1;
}

export async function importCommand(ctx: CommandContext, values: Values, positionals: string[]): Promise<number> {
  const doc = readDoc(ctx, positionals);
  if (typeof doc === 'number') return doc;
  const dryRun = values['dry-run'] === true;
  // A dry run against a database that does not exist yet plans against an empty one in memory:
  // it must not leave a file behind.
  const target = ctx.database();
  const db = await openWorkspaceDb(
    dryRun && !target.url && !existsSync(target.path) ? { path: ':memory:' } : target,
    ctx.workspace(),
  );
  try {
    const result = await importOkrs(db, doc, { dryRun });
    const file = positionals[0];
    if (result.changes.filter((c) => c.action !== 'note').length === 0) {
      ctx.io.out(`${file}: no changes (cycle ${result.cycleName} is in sync).`);
    } else {
      ctx.io.out(
        result.applied
          ? `${file}: imported into cycle ${result.cycleName}:`
          : `${file}: dry run — would change cycle ${result.cycleName}:`,
      );
    }
    for (const c of result.changes) ctx.io.out(`  ${formatChange(c)}`);
    const findings = lintOkrs(doc.teams);
    if (findings.length) {
      ctx.io.err(
        `warning: ${findings.length} OKR quality finding${findings.length === 1 ? '' : 's'} (see okrbot lint):`,
      );
      for (const f of findings) ctx.io.err(`  ${formatFinding(f).replace('\n', '\n  ')}`);
    }
    return 0;
  } finally {
    await closeDatabase(db);
  }
}

export async function exportCommand(ctx: CommandContext, values: Values, positionals: string[]): Promise<number> {
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]} (use --out <file>)`);
  const format = (values.format as string | undefined) ?? 'yaml';
  if (format !== 'yaml' && format !== 'csv') throw new UsageError(`--format must be yaml or csv, not "${format}"`);
  const db = await openWorkspaceDb(ctx.database(), ctx.workspace());
  try {
    const cycle = await findCycle(db, values.cycle, ctx.io);
    if (!cycle) return 1;
    const doc = await exportDoc(db, cycle);
    const text = format === 'yaml' ? docToYaml(doc) : docToCsv(doc);
    if (typeof values.out === 'string') {
      writeFileSync(values.out, text);
      ctx.io.err(`wrote cycle ${cycle.name} to ${values.out}`);
    } else {
      ctx.io.out(text.replace(/\n$/, ''));
    }
    return 0;
  } finally {
    await closeDatabase(db);
  }
}
