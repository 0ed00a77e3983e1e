import { resolve } from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { projectRoot } from '../paths.js';
import * as schema from './schema.pg.js';

/**
 * PostgreSQL (DATABASE_URL=postgres://…), for several replicas sharing one database. The schema is
 * schema.pg.ts, migrated from migrations-pg/ at start under an advisory lock, so replicas starting
 * together apply each migration once while the others wait.
 *
 * Status: the schema, its migrations and the lock are in place and tested against a real
 * PostgreSQL; the store layer (src/store/) still talks to SQLite only (see the README).
 */

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export const pgMigrationsFolder = resolve(projectRoot, 'migrations-pg');

/** Any constant shared by every okrbot replica: "okrbot" in ASCII, as a bigint. */
const MIGRATION_LOCK = 0x6f6b72626f74n;

export function openPg(url: string, options: { max?: number } = {}): PgDb {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  return drizzle(pool, { schema }) as PgDb;
}

/** Applies pending migrations, one replica at a time (session advisory lock on one connection). */
export async function migratePg(db: PgDb): Promise<void> {
  const client = await db.$client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder: pgMigrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
    }
  } finally {
    client.release();
  }
}

export async function closePg(db: PgDb): Promise<void> {
  await db.$client.end();
}
