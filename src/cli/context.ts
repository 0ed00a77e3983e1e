/**
 * What every CLI command gets. Kept free of heavy imports: `okrbot --help` and each command load
 * only the modules they use (see main.ts), which is most of the CLI's start-up time.
 */

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}

export class UsageError extends Error {}

export interface CommandContext {
  io: CliIo;
  args: string[];
  /** Database path: --db, else DATABASE_PATH, else ./data/okrbot.db. */
  dbPath: () => string;
  /** The database to open: the SQLite file given by --db, else DATABASE_URL (PostgreSQL), else dbPath(). */
  database: () => { url?: string | undefined; path: string };
  /** `--workspace T…`: the Slack team whose OKRs a command works on (distributed installs). */
  workspace: () => string | undefined;
}

/** Where the database lives unless DATABASE_PATH or --db says otherwise (config.ts uses it too). */
export const DEFAULT_DATABASE_PATH = './data/okrbot.db';
