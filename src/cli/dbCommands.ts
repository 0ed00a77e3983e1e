import { existsSync } from 'node:fs';
import { openDb, backupDb } from '../db/client.js';
import { appliedMigrations, closeDatabase, describeTarget, openDatabase } from '../db/open.js';
import { openWorkspaceDb } from './workspaceDb.js';
import { cycleWeek, formatDateRange, weekCount, weekDates } from '../domain/time.js';
import { buildTeamDigest } from '../services/digest.js';
import { getTeamByName, listTeams } from '../store/teams.js';
import { renderDigestText } from '../views/digestText.js';
import { findCycle, parseAt } from './args.js';
import { UsageError, type CommandContext } from './context.js';

type Values = Record<string, string | boolean | undefined>;

export async function migrateCommand(ctx: CommandContext, _values: Values, positionals: string[]): Promise<number> {
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const target = ctx.database();
  const db = await openDatabase(target);
  const applied = await appliedMigrations(db).finally(() => closeDatabase(db));
  ctx.io.out(`${describeTarget(target)}: schema up to date (${applied} migration${applied === 1 ? '' : 's'} applied).`);
  return 0;
}

export async function backupCommand(ctx: CommandContext, _values: Values, positionals: string[]): Promise<number> {
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('where to? e.g. okrbot backup backups/okrbot-2027-01-04.db');
  if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
  if (ctx.database().url) {
    ctx.io.err(
      'okrbot backup copies the SQLite file; on PostgreSQL (DATABASE_URL) use pg_dump, as docs/operating.md shows.',
    );
    return 1;
  }
  const path = ctx.dbPath();
  if (!existsSync(path)) {
    ctx.io.err(`no database at ${path}`);
    return 1;
  }
  if (existsSync(file)) {
    ctx.io.err(`${file} already exists; choose a new file so no backup is overwritten`);
    return 1;
  }
  const db = openDb(path, { migrate: false });
  try {
    await backupDb(db, file);
  } finally {
    await closeDatabase(db);
  }
  ctx.io.out(`backed up ${path} to ${file}`);
  return 0;
}

export async function digestCommand(ctx: CommandContext, values: Values, positionals: string[]): Promise<number> {
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  if (!values.print) throw new UsageError("add --print to print the digest here (posting to Slack is the bot's job)");
  if (typeof values.team !== 'string') throw new UsageError('which team? --team <name>');
  if (values.week !== undefined && values.at !== undefined) throw new UsageError('give --week or --at, not both');
  let week: number | undefined;
  if (typeof values.week === 'string') {
    if (!/^\d+$/.test(values.week)) throw new UsageError(`--week must be a week number like 3, not "${values.week}"`);
    week = Number(values.week);
  }
  const at = parseAt(values.at);

  const db = await openWorkspaceDb(ctx.database(), ctx.workspace());
  try {
    const cycle = await findCycle(db, values.cycle, ctx.io);
    if (!cycle) return 1;
    const team = await getTeamByName(db, values.team);
    if (!team) {
      const names = (await listTeams(db)).map((t) => t.name);
      ctx.io.err(`no team named "${values.team}"${names.length ? ` (teams: ${names.join(', ')})` : ''}`);
      return 1;
    }
    const weeks = weekCount(cycle);
    if (week === undefined) {
      const w = cycleWeek(cycle, at, team.timezone);
      if (w === null) {
        ctx.io.err(
          `${at.toISOString()} is outside cycle ${cycle.name} (${cycle.startDate} … ${cycle.endDate}); use --week 1–${weeks}`,
        );
        return 1;
      }
      week = w;
    }
    if (week < 1 || week > weeks) {
      ctx.io.err(`cycle ${cycle.name} has weeks 1–${weeks}; there is no week ${week}`);
      return 1;
    }
    const { first, last } = weekDates(cycle, week);
    const digest = await buildTeamDigest(db, cycle, team, week);
    ctx.io.out(
      renderDigestText(
        { teamName: team.name, cycleName: cycle.name, week, weekRange: formatDateRange(first, last) },
        digest,
      ),
    );
    return 0;
  } finally {
    await closeDatabase(db);
  }
}
