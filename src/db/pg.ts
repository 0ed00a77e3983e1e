import { resolve } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { projectRoot } from '../paths.js';
import type { Db } from './client.js';
import { releaseLeadership } from './pgLeader.js';
import { sqlFor, type StoreOps } from './ops.js';
import * as pgSchema from './schema.pg.js';
import type * as schema from './schema.js';

/**
 * PostgreSQL (DATABASE_URL=postgres://…), for several replicas sharing one database. The schema is
 * schema.pg.ts, migrated from migrations-pg/ at start under an advisory lock, so replicas starting
 * together apply each migration once while the others wait.
 */

export type PgOrm = NodePgDatabase<typeof pgSchema> & { $client: pg.Pool };

export const pgMigrationsFolder = resolve(projectRoot, 'migrations-pg');

/** Any constant shared by every okrbot replica: "okrbot" in ASCII, as a bigint. */
const MIGRATION_LOCK = 0x6f6b72626f74n;

export function openPg(url: string, options: { max?: number } = {}): PgOrm {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, keepAlive: true });
  return drizzle(pool, { schema: pgSchema }) as PgOrm;
}

/** Applies pending migrations, one replica at a time (session advisory lock on one connection). */
export async function migratePg(db: { $client: pg.Pool }): Promise<void> {
  const client = await db.$client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      await migrate(drizzle(client, { schema: pgSchema }), { migrationsFolder: pgMigrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
    }
  } finally {
    client.release();
  }
}

export async function closePg(db: { $client: pg.Pool }): Promise<void> {
  if (db.$client.ended) return;
  await releaseLeadership(db as unknown as Db);
  await db.$client.end();
}

/** Opens, migrates and returns the store's handle on PostgreSQL. */
export async function openPgStore(url: string, options: { max?: number; migrate?: boolean } = {}): Promise<Db> {
  const orm = openPg(url, options);
  try {
    if (options.migrate ?? true) await migratePg(orm);
  } catch (e) {
    await closePg(orm);
    throw e;
  }
  return withPgOps(orm);
}

/** `?` placeholders → a Drizzle SQL object with bound parameters (runs on the pool or a transaction). */
function bind(text: string, params: unknown[]): SQL {
  const parts = text.split('?');
  if (parts.length - 1 !== params.length)
    throw new Error(`${parts.length - 1} placeholders for ${params.length} parameters: ${text}`);
  let query = sql.raw(parts[0]!);
  for (let i = 1; i < parts.length; i++) query = sql`${query}${params[i - 1]}${sql.raw(parts[i]!)}`;
  return query;
}

/** Serialization failures and deadlocks: the transaction did nothing and may simply run again. */
function retryable(e: unknown): boolean {
  // Drizzle wraps the driver's error; PostgreSQL's SQLSTATE is on it or on its cause.
  const err = e as { code?: string; cause?: { code?: string } } | null;
  const code = err?.code ?? err?.cause?.code;
  return code === '40001' || code === '40P01';
}

/**
 * The store's operations on PostgreSQL. Transactions run SERIALIZABLE and are retried when
 * PostgreSQL refuses one for a conflict with another replica: the effect is SQLite's "one writer
 * at a time", without a lock held across replicas. Their bodies touch only the database (never
 * Slack), so running one again is safe.
 */
function withPgOps(orm: NodePgDatabase<typeof pgSchema>, inTransaction = false, workspaceId = 1): Db {
  const ops: StoreOps & ThisType<Db> = {
    kind: 'pg',
    t: pgSchema as unknown as typeof schema,
    workspaceId,
    async rows<T>(query: { all(): T[] }) {
      return (await (query as unknown as Promise<T[]>)) ?? [];
    },
    async first<T>(query: { get(): T | undefined }) {
      return ((await (query as unknown as Promise<T[]>)) ?? [])[0];
    },
    async exec(query) {
      return (await (query as unknown as Promise<pg.QueryResult>)).rowCount ?? 0;
    },
    async raw<T>(text: Parameters<StoreOps['raw']>[0], params: unknown[] = []) {
      return (await orm.execute(bind(sqlFor(text, 'pg'), params))).rows as T[];
    },
    async atomic(fn) {
      if (inTransaction) return fn(this);
      for (let attempt = 1; ; attempt++) {
        try {
          return await orm.transaction((tx) => fn(withPgOps(tx, true, this.workspaceId) as never), {
            isolationLevel: 'serializable',
          });
        } catch (e) {
          if (attempt >= 8 || !retryable(e)) throw e;
          await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
        }
      }
    },
  };
  return Object.assign(orm, ops) as unknown as Db;
}
