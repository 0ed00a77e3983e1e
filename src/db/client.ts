import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The nearest `migrations/` above this file: works from src/, dist/ and other builds alike. */
function findMigrations(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = resolve(dir, 'migrations');
    if (existsSync(resolve(candidate, 'meta', '_journal.json'))) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error('migrations/ folder not found next to okrbot');
    dir = up;
  }
}
export const migrationsFolder = findMigrations();

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
  sqlite.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
  }
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema }) as Db;
  if (options.migrate ?? !options.readonly) migrate(db, { migrationsFolder });
  return db;
}

export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}

/** Online backup: consistent even while the bot is writing. */
export async function backupDb(db: Db, destination: string): Promise<void> {
  mkdirSync(dirname(resolve(destination)), { recursive: true });
  await db.$client.backup(destination);
}
