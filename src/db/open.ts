import { closeDb, openDb, type Db, type OpenOptions } from './client.js';

/**
 * Where the database is: PostgreSQL when DATABASE_URL is set (the hosted service, many replicas),
 * else the SQLite file at DATABASE_PATH (one process, nothing to set up). The store is the only
 * code that knows which one it talks to.
 */
export interface DatabaseTarget {
  url?: string | undefined;
  path: string;
}

export function describeTarget(target: DatabaseTarget): string {
  return target.url ? `PostgreSQL at ${redactUrl(target.url)}` : target.path;
}

/** A connection URL without its password, fit for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Db> {
  if (!target.url) return openDb(target.path, options);
  // Loaded only here: a SQLite install never loads the PostgreSQL driver.
  const { openPgStore } = await import('./pg.js');
  return openPgStore(target.url, { migrate: options.migrate ?? true });
}

export async function closeDatabase(db: Db): Promise<void> {
  if (db.kind === 'pg') {
    const { closePg } = await import('./pg.js');
    await closePg(db as never);
  } else closeDb(db);
}

/** How many migrations have been applied to this database. */
export async function appliedMigrations(db: Db): Promise<number> {
  const [row] = await db.raw<{ n: number | string }>(
    db.kind === 'pg'
      ? 'SELECT count(*) AS n FROM drizzle.__drizzle_migrations'
      : 'SELECT count(*) AS n FROM __drizzle_migrations',
  );
  return Number(row?.n ?? 0);
}

/** Whether the database answers a trivial query (what /healthz reports). */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    if (db.kind === 'sqlite' && !db.$client.open) return false;
    return (await db.raw<{ ok: number }>('SELECT 1 AS ok')).length === 1;
  } catch {
    return false;
  }
}
