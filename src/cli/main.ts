import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_DATABASE_PATH, UsageError, type CliIo, type CommandContext } from './context.js';

export { UsageError, type CliIo, type CommandContext } from './context.js';

/**
 * `okrbot` — the admin CLI. Every command returns an exit code instead of exiting, so tests can
 * drive it in-process; bin/okrbot.js is the thin shell around it.
 */

interface Command {
  summary: string;
  usage: string;
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Loaded on use, so each command pays only for its own modules. */
  load: () => Promise<CommandRun>;
}

type CommandRun = (
  ctx: CommandContext,
  values: Record<string, string | boolean | undefined>,
  positionals: string[],
) => Promise<number> | number;

const dbOption = { db: { type: 'string' } } as const;
/** Commands that work on one workspace's OKRs take `--workspace T…` (a distributed install). */
const workspaceOption = { workspace: { type: 'string' } } as const;

export const COMMANDS: Record<string, Command> = {
  migrate: {
    summary: 'apply pending database migrations',
    usage: 'okrbot migrate [--db <path>]',
    help: 'Creates the database if needed and applies every pending migration. The bot does this at start too.',
    options: { ...dbOption },
    load: () => import('./dbCommands.js').then((m) => m.migrateCommand),
  },
  import: {
    summary: 'import or sync OKRs from a .yaml/.yml/.json/.csv file',
    usage: 'okrbot import <file> [--dry-run] [--db <path>] [--workspace <team id>]',
    help: [
      'Validates the whole file, then syncs it into the database in one transaction (all or nothing).',
      'Ids are stable: titles, targets and owners update; new objectives and KRs are added; a KR of the',
      'cycle missing from the file is marked stopped (never deleted); check-ins are never touched.',
      '--dry-run prints the plan and writes nothing. Lint findings are printed as warnings.',
    ].join('\n'),
    options: { ...dbOption, ...workspaceOption, 'dry-run': { type: 'boolean' } },
    load: () => import('./okrCommands.js').then((m) => m.importCommand),
  },
  export: {
    summary: 'export a cycle as YAML or CSV (round-trips with import)',
    usage: 'okrbot export [--format yaml|csv] [--cycle <name>] [--out <file>] [--db <path>] [--workspace <team id>]',
    help: 'Writes the cycle (default: the active one, else the latest) to stdout or --out.',
    options: {
      ...dbOption,
      ...workspaceOption,
      format: { type: 'string' },
      cycle: { type: 'string' },
      out: { type: 'string' },
    },
    load: () => import('./okrCommands.js').then((m) => m.exportCommand),
  },
  lint: {
    summary: "check an OKR file against the framework's red flags",
    usage: 'okrbot lint <file>',
    help: 'Exit code 0: no findings; 1: findings printed; 2: the file is invalid.',
    options: {},
    load: () => import('./okrCommands.js').then((m) => m.lintCommand),
  },
  digest: {
    summary: "print a team's at-risk digest as text",
    usage:
      'okrbot digest --team <name> [--week <N> | --at <ISO instant>] [--cycle <name>] --print [--db <path>] [--workspace <team id>]',
    help: "Without --week or --at, the current week in the team's time zone.",
    options: {
      ...dbOption,
      ...workspaceOption,
      team: { type: 'string' },
      week: { type: 'string' },
      at: { type: 'string' },
      cycle: { type: 'string' },
      print: { type: 'boolean' },
    },
    load: () => import('./dbCommands.js').then((m) => m.digestCommand),
  },
  start: {
    summary: 'run the Slack bot (Socket Mode if SLACK_APP_TOKEN is set, else HTTP on PORT)',
    usage: 'okrbot start [--db <path>]',
    help: 'Needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP). Stops gracefully on SIGTERM/SIGINT.',
    options: { ...dbOption },
    load: () => import('./startCommand.js').then((m) => m.startCommand),
  },
  run: {
    summary: 'run one scheduler job once: checkins, reminders, digest, midcycle or close',
    usage:
      'okrbot run <checkins|reminders|escalations|digest|rollup|midcycle|close|monthly> [--at <ISO instant>] [--db <path>] [--workspace <team id>]',
    help: [
      'Runs the job against the database exactly as the minute tick would at that instant (default: now).',
      'Sends through Slack, so it needs SLACK_BOT_TOKEN. Anything already sent is never sent again.',
    ].join('\n'),
    options: { ...dbOption, ...workspaceOption, at: { type: 'string' } },
    load: () => import('./runCommand.js').then((m) => m.runCommand),
  },
  values: {
    summary: 'read each KR’s value from its source (Prometheus, SQL, HTTP) and store it; --check only tries',
    usage: 'okrbot values [--check] [--at <ISO instant>] [--db <path>] [--workspace <team id>]',
    help: [
      'One line per KR of the active cycle with a source: the value and where it came from, or why not.',
      'The scheduler does the same before each weekly DM. Exit 1 when a source could not be read.',
    ].join('\n'),
    options: { ...dbOption, ...workspaceOption, check: { type: 'boolean' }, at: { type: 'string' } },
    load: () => import('./valuesCommand.js').then((m) => m.valuesCommand),
  },
  mcp: {
    summary: 'serve MCP over stdio for one person’s AI assistant (acting as them, with their rights)',
    usage: 'okrbot mcp --as <Slack user id or email> [--db <path>] [--workspace <team id>]',
    help: [
      'Tools: list_key_results, get_key_result, get_digest, get_cycle_report, check_in, propose_decision;',
      'resource okrbot://cycle/active/okrs. Needs SLACK_BOT_TOKEN (a check-in updates the DM and digest).',
    ].join('\n'),
    options: { ...dbOption, ...workspaceOption, as: { type: 'string' } },
    load: () => import('./mcpCommand.js').then((m) => m.mcpCommand),
  },
  decisions: {
    summary: 'export the decision log as Markdown (per objective, newest first)',
    usage: 'okrbot decisions export [--cycle <name>] [--out <file>] [--db <path>] [--workspace <team id>]',
    help: 'Every double-down / pivot / stop with who, when, why and the KR as it was before.',
    options: { ...dbOption, ...workspaceOption, cycle: { type: 'string' }, out: { type: 'string' } },
    load: () => import('./decisionsCommand.js').then((m) => m.decisionsCommand),
  },
  demo: {
    summary: 'run the weekly rhythm end to end without Slack (a temporary database)',
    usage: 'okrbot demo',
    help: "Imports the example OKRs into a temporary database, records six weeks of scripted check-ins, prints each team's at-risk digest and mid-cycle prompt, and writes the cycle report (HTML, with charts) beside the database.",
    options: {},
    load: () =>
      import('../demo.js').then((m) => async (ctx: CommandContext) => {
        await m.runDemoWithReport({ out: ctx.io.out });
        return 0;
      }),
  },
  report: {
    summary:
      "a cycle's report (Markdown, or one HTML file with charts): OKRs, weekly confidence, decisions, learnings, success metrics",
    usage:
      'okrbot report [--cycle <name>] [--html <file> | --format md|html [--out <file>]] [--db <path>] [--workspace <team id>]',
    help: "The framework's metrics for success (completion, confidence accuracy per team and owner, work linkage, learning capture, check-in health, lint findings), then each objective with its KRs. Figures without data say so instead of 0 %. --html writes one self-contained file (charts embedded) to open offline or print.",
    options: {
      ...dbOption,
      ...workspaceOption,
      cycle: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      html: { type: 'string' },
    },
    load: () => import('./reportCommand.js').then((m) => m.reportCommand),
  },
  workspaces: {
    summary: 'list the workspaces okrbot serves; delete all data of one that uninstalled it',
    usage: 'okrbot workspaces [list] | okrbot workspaces delete <team id> [--yes] [--db <path>]',
    help: [
      'list: each workspace with its team id, name, installed or uninstalled (and when), installer, and',
      'how many cycles, key results, check-ins and people it has.',
      'delete: everything okrbot keeps about a workspace that uninstalled okrbot, in one transaction.',
      'Without --yes it only says what it would delete. An installed workspace is refused.',
    ].join('\n'),
    options: { ...dbOption, yes: { type: 'boolean' } },
    load: () => import('./workspacesCommand.js').then((m) => m.workspacesCommand),
  },
  backup: {
    summary: 'copy the database to a file while the bot runs (SQLite online backup)',
    usage: 'okrbot backup <file> [--db <path>]',
    help: 'Consistent even while the bot writes. Restore: stop the bot, copy the file to DATABASE_PATH, start.',
    options: { ...dbOption },
    load: () => import('./dbCommands.js').then((m) => m.backupCommand),
  },
};

function usageText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [
    'okrbot — the weekly rhythm of OKRs in Slack',
    '',
    'Usage: okrbot <command> [options]   (okrbot <command> --help for more)',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Environment: DATABASE_PATH (default ./data/okrbot.db); Slack variables only for `start` and `run`.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usageText());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`okrbot: unknown command "${name}"\n\n${usageText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: ${command.usage}\n\n${command.help}`);
    return 0;
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: true,
      strict: true,
    }) as {
      values: Record<string, string | boolean | undefined>;
      positionals: string[];
    });
  } catch (e) {
    io.err(`okrbot ${name}: ${(e as Error).message}\nUsage: ${command.usage}`);
    return 2;
  }
  try {
    // Commands that open the database check the environment they share (DATABASE_PATH, LOG_LEVEL…).
    const base = 'db' in command.options ? (await import('../config.js')).loadBaseConfig(io.env) : undefined;
    const ctx: CommandContext = {
      io,
      args: rest,
      dbPath: () => (typeof values.db === 'string' ? values.db : (base?.DATABASE_PATH ?? DEFAULT_DATABASE_PATH)),
      workspace: () => (typeof values.workspace === 'string' ? values.workspace : undefined),
      database: () =>
        typeof values.db === 'string'
          ? { path: values.db }
          : { url: base?.DATABASE_URL, path: base?.DATABASE_PATH ?? DEFAULT_DATABASE_PATH },
    };
    const run = await command.load();
    return await run(ctx, values, positionals);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`okrbot ${name}: ${e.message}\nUsage: ${command.usage}`);
      return 2;
    }
    if (e instanceof Error && e.name === 'ConfigError') {
      io.err(e.message);
      return 2;
    }
    io.err(`okrbot ${name}: ${(e as Error).message}`);
    return 1;
  }
}
