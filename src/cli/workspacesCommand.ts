import type { Db } from '../db/client.js';
import { closeDatabase, openDatabase } from '../db/open.js';
import type { Workspace } from '../db/schema.js';
import { deleteWorkspaceData, workspaceSizes, type DeletedRows } from '../store/workspaceData.js';
import { DEFAULT_WORKSPACE_ID, isInstalled, listWorkspaces, workspaceByTeam } from '../store/workspaces.js';
import { UsageError, type CommandContext } from './context.js';
import { workspaceLabel } from './workspaceDb.js';

type Values = Record<string, string | boolean | undefined>;

/**
 * `okrbot workspaces` lists the workspaces a deployment serves and has served;
 * `okrbot workspaces delete <team id> [--yes]` deletes all of one uninstalled workspace's data.
 */
export async function workspacesCommand(ctx: CommandContext, values: Values, positionals: string[]): Promise<number> {
  const [action, team, ...extra] = positionals;
  if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
  if (action === undefined || action === 'list') {
    if (team !== undefined) throw new UsageError(`unexpected argument ${team}`);
    return withDb(ctx, (db) => list(ctx, db));
  }
  if (action !== 'delete') throw new UsageError(`unknown action "${action}" (list or delete)`);
  if (!team) throw new UsageError('which workspace? e.g. okrbot workspaces delete T012AB3CD');
  return withDb(ctx, (db) => remove(ctx, db, team, values.yes === true));
}

async function withDb(ctx: CommandContext, run: (db: Db) => Promise<number>): Promise<number> {
  const db = await openDatabase(ctx.database());
  try {
    return await run(db);
  } finally {
    await closeDatabase(db);
  }
}

async function list(ctx: CommandContext, db: Db): Promise<number> {
  const sizes = await workspaceSizes(db);
  const rows = (await listWorkspaces(db)).filter(
    (w) => w.id !== DEFAULT_WORKSPACE_ID || (sizes.get(w.id)?.cycles ?? 0) > 0,
  );
  const table = rows.map((w) => {
    const size = sizes.get(w.id) ?? { cycles: 0, keyResults: 0, checkins: 0, people: 0 };
    return [
      w.slackTeamId ?? '-',
      w.name ?? '',
      state(w),
      w.installedBy ?? '',
      String(size.cycles),
      String(size.keyResults),
      String(size.checkins),
      String(size.people),
    ];
  });
  if (table.length === 0) {
    ctx.io.out(
      'No workspaces yet: install okrbot in one (/slack/install), or import OKRs for the single-workspace install.',
    );
    return 0;
  }
  const head = ['TEAM', 'NAME', 'STATE', 'INSTALLED BY', 'CYCLES', 'KRS', 'CHECK-INS', 'PEOPLE'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  for (const r of [head, ...table])
    ctx.io.out(
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  return 0;
}

function state(w: Workspace): string {
  if (w.id === DEFAULT_WORKSPACE_ID && !w.slackTeamId) return 'single workspace (SLACK_BOT_TOKEN)';
  if (isInstalled(w)) return `installed ${w.installedAt.slice(0, 10)}`;
  return `uninstalled ${w.uninstalledAt?.slice(0, 10) ?? ''}`.trimEnd();
}

async function remove(ctx: CommandContext, db: Db, team: string, confirmed: boolean): Promise<number> {
  const ws = await workspaceByTeam(db, team);
  if (!ws) {
    const known = (await listWorkspaces(db)).flatMap((w) => (w.slackTeamId ? [w.slackTeamId] : []));
    throw new UsageError(`no workspace ${team}${known.length ? ` (known: ${known.join(', ')})` : ''}`);
  }
  const label = workspaceLabel(ws);
  if (ws.id === DEFAULT_WORKSPACE_ID) {
    ctx.io.err(`${label} is the single-workspace install's row; to start over, delete the database instead.`);
    return 1;
  }
  if (isInstalled(ws)) {
    ctx.io.err(
      `okrbot is still installed in ${label}: it is removed there first (Slack: Settings & administration → Manage apps → okrbot → Remove App), then its data can be deleted. Nothing was deleted.`,
    );
    return 1;
  }
  const deleted = await deleteWorkspaceData(db, ws.id, { dryRun: !confirmed });
  if (!confirmed) {
    ctx.io.out(`Would delete everything okrbot keeps about ${label}: ${describe(deleted)}.`);
    ctx.io.out(`Nothing was deleted. Run again with --yes to delete it (it cannot be undone; back up first).`);
    return 0;
  }
  ctx.io.out(`Deleted everything okrbot kept about ${label}: ${describe(deleted)}.`);
  return 0;
}

function describe(deleted: DeletedRows): string {
  const nonEmpty = deleted.filter(([, n]) => n > 0);
  return nonEmpty.map(([table, n]) => `${table}: ${n}`).join(', ') || 'no rows';
}
