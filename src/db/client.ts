import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { projectRoot } from '../paths.js';
import * as schema from './schema.js';
import { sqlFor, type StoreOps } from './ops.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database } & StoreOps;

export const migrationsFolder = resolve(projectRoot, 'migrations');

export interface OpenOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  readonly?: boolean;
}

/**
 * Opens SQLite the way the app needs it: WAL so readers never block the writer, a busy timeout so
 * a second process waits instead of failing, foreign keys on, and the schema migrated.
 */
export function openDb(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  // Writers queue behind each other (immediate transactions, see store/tx.ts) for up to 10 s.
  sqlite.pragma('busy_timeout = 10000');
  if (!options.readonly) {
    retryWhileLocked(() => sqlite.pragma('journal_mode = WAL'));
    sqlite.pragma('synchronous = NORMAL');
  }
  sqlite.pragma('foreign_keys = ON');
  const db = withSqliteOps(
    drizzle(sqlite, { schema }) as BetterSQLite3Database<typeof schema> & { $client: Database.Database },
  );
  try {
    refuseNewerDatabase(sqlite, path);
    if (options.migrate ?? !options.readonly) migrateSerially(db);
  } catch (e) {
    sqlite.close();
    throw e;
  }
  return db;
}

/**
 * Applies pending migrations. Two processes starting on a new file at once both see them pending:
 * the loser fails on what the winner created ("already exists"), or SQLite refuses its write at once
 * ("database is locked": a read snapshot cannot become a write after another process wrote). Either
 * way it rolled back; a moment later it finds the migrations applied. So those are retried.
 */
function migrateSerially(db: Parameters<typeof migrate>[0]): void {
  retryWhileLocked(() => migrate(db, { migrationsFolder }), /already exists|duplicate column/i);
}

/**
 * Runs `step`, again after a short pause while SQLite says another process has the database
 * (switching a new file to WAL, or a migration race, refuses at once instead of waiting), or when
 * the failure matches `alsoRetry`; up to ten tries.
 */
function retryWhileLocked(step: () => unknown, alsoRetry?: RegExp): void {
  for (let attempt = 1; ; attempt++) {
    try {
      step();
      return;
    } catch (e) {
      const text = `${String(e)} ${String((e as { cause?: unknown }).cause ?? '')}`;
      const retry = /database is locked|SQLITE_BUSY/i.test(text) || (alsoRetry?.test(text) ?? false);
      if (attempt >= 10 || !retry) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50 * attempt); // a synchronous pause
    }
  }
}

/**
 * The store's operations on SQLite. better-sqlite3 answers synchronously; the store's API is
 * asynchronous because PostgreSQL's is. A transaction's body therefore spans microtask hops on the
 * one connection, so while it is open this process's other store calls wait for it (the gate):
 * none of them can slip into it, and none is lost if it rolls back.
 */
function withSqliteOps(orm: BetterSQLite3Database<typeof schema> & { $client: Database.Database }): Db {
  const sqlite = orm.$client;
  let open: Promise<void> | null = null;
  const statements = new Map<string, Database.Statement>();
  // A transaction's handle (and any scoped copy of it, by inheritance) runs without waiting.
  const IN_TX = Symbol('in transaction');
  const inTx = (handle: object) => IN_TX in handle;
  const ready = async (handle: object) => {
    while (open && !inTx(handle)) await open;
  };
  const ops: StoreOps & ThisType<Db> = {
    kind: 'sqlite',
    t: schema,
    workspaceId: 1,
    async rows(query) {
      await ready(this);
      return query.all();
    },
    async first(query) {
      await ready(this);
      return query.get();
    },
    async exec(query) {
      await ready(this);
      return (query.run() as Database.RunResult).changes;
    },
    async raw<T>(text: Parameters<StoreOps['raw']>[0], params: unknown[] = []) {
      await ready(this);
      const sql = sqlFor(text, 'sqlite');
      let st = statements.get(sql);
      if (!st) statements.set(sql, (st = sqlite.prepare(sql)));
      if (st.reader) return st.all(...params) as T[];
      st.run(...params);
      return [];
    },
    async atomic(fn) {
      if (inTx(this)) return fn(this);
      while (open) await open;
      let release!: () => void;
      open = new Promise((r) => (release = r));
      const tx = Object.create(this, { [IN_TX]: { value: true } }) as Db;
      try {
        sqlite.exec('BEGIN IMMEDIATE');
        const result = await fn(tx as never);
        sqlite.exec('COMMIT');
        return result;
      } catch (e) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw e;
      } finally {
        open = null;
        release();
      }
    },
  };
  return Object.assign(orm, ops) as Db;
}

export class DatabaseTooNewError extends Error {
  constructor(path: string, unknown: number) {
    super(
      `${path} was written by a newer okrbot: it has ${unknown} migration${unknown === 1 ? '' : 's'} this version does not know. ` +
        'Run the newer okrbot, or restore a backup taken before the upgrade (see "Upgrading" in docs/operating.md).',
    );
    this.name = 'DatabaseTooNewError';
  }
}

/**
 * Serving on a schema this code does not know fails later in unpredictable places, so refuse at
 * once: every migration recorded in the database must be one of ours (matched by its timestamp).
 */
let knownMigrations: Set<number> | null = null;

function refuseNewerDatabase(sqlite: Database.Database, path: string): void {
  const table = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!table) return;
  // The journal ships with this build and never changes while it runs: read it once.
  knownMigrations ??= new Set(
    (
      JSON.parse(readFileSync(resolve(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
        entries: Array<{ when: number }>;
      }
    ).entries.map((e) => e.when),
  );
  const known = knownMigrations;
  const applied = sqlite.prepare('SELECT created_at AS at FROM __drizzle_migrations').all() as Array<{
    at: number | string;
  }>;
  const unknown = applied.filter((m) => !known.has(Number(m.at))).length;
  if (unknown > 0) throw new DatabaseTooNewError(path, unknown);
}

export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}

/** Online backup: consistent even while the bot is writing. */
export async function backupDb(db: Db, destination: string): Promise<void> {
  mkdirSync(dirname(resolve(destination)), { recursive: true });
  await db.$client.backup(destination);
}
