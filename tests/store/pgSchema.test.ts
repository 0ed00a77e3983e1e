import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePg, migratePg, openPg, pgMigrationsFolder } from '../../src/db/pg.js';
import { tempDb } from '../helpers/db.js';
import { startPostgres, type PgServer } from '../helpers/postgres.js';

/**
 * PostgreSQL, step one of running okrbot on it: the schema's PostgreSQL twin migrates a real
 * server, replicas starting together migrate once, and the twin has exactly SQLite's tables,
 * columns, types and NOT NULLs — so the two cannot drift apart.
 */

let server: PgServer | null = null;
let missing = '';
let n = 0;

beforeAll(async () => {
  const started = await startPostgres();
  if ('missing' in started) {
    missing = started.missing;
    console.warn(`\n⚠️  SKIPPING the PostgreSQL tests: ${missing}\n`);
  } else server = started;
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

async function freshDatabase(): Promise<string> {
  const name = `okrbot_${process.pid}_${++n}`;
  const admin = new pg.Client({ connectionString: server!.url() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return server!.url(name);
}

const journal = () =>
  (JSON.parse(readFileSync(join(pgMigrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] })
    .entries.length;
const SQLITE_TO_PG: Record<string, string> = { integer: 'integer', text: 'text', real: 'double precision' };

describe('PostgreSQL schema', () => {
  it('migrates once when three replicas start together (advisory lock), and again is a no-op', async (ctx) => {
    if (!server) return skipOrFail(ctx);
    const url = await freshDatabase();
    const replicas = [openPg(url), openPg(url), openPg(url)];
    await Promise.all(replicas.map((db) => migratePg(db)));
    await migratePg(replicas[0]!);
    const applied = await replicas[0]!.$client.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
    expect(applied.rows[0].n).toBe(journal());
    await Promise.all(replicas.map(closePg));
  });

  it('has exactly the SQLite schema’s tables, columns, types and NOT NULLs', async (ctx) => {
    if (!server) return skipOrFail(ctx);
    const url = await freshDatabase();
    const db = openPg(url);
    await migratePg(db);
    const pgColumns = await db.$client.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
    }>(
      "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name",
    );
    await closePg(db);
    const fromPg = pgColumns.rows.map(
      (c) => `${c.table_name}.${c.column_name} ${c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}`,
    );

    const { db: sqlite } = tempDb();
    const tables = sqlite.$client
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
      )
      .all() as Array<{ name: string }>;
    const fromSqlite = tables
      .flatMap(({ name }) =>
        (
          sqlite.$client.prepare(`PRAGMA table_info(${name})`).all() as Array<{
            name: string;
            type: string;
            notnull: number;
            pk: number;
          }>
        ).map(
          (c) =>
            `${name}.${c.name} ${SQLITE_TO_PG[c.type.toLowerCase()] ?? c.type}${c.notnull || c.pk ? ' not null' : ''}`,
        ),
      )
      .sort();
    expect(fromPg.sort()).toEqual(fromSqlite);
  });

  it('enforces the same rules as SQLite: CHECKs, one active cycle, ISO UTC default instants', async (ctx) => {
    if (!server) return skipOrFail(ctx);
    const db = openPg(await freshDatabase());
    await migratePg(db);
    const q = (sql: string, params: unknown[] = []) => db.$client.query(sql, params);
    await q(
      "INSERT INTO cycles (name, start_date, end_date, mid_date, state) VALUES ('A', '2027-01-04', '2027-04-04', '2027-02-15', 'active')",
    );
    await expect(
      q(
        "INSERT INTO cycles (name, start_date, end_date, mid_date, state) VALUES ('B', '2027-04-05', '2027-07-04', '2027-05-20', 'active')",
      ),
    ).rejects.toThrow(/cycles_one_active/);
    await expect(
      q(
        "INSERT INTO cycles (name, start_date, end_date, mid_date) VALUES ('C', '2027-04-05', '2027-01-04', '2027-05-20')",
      ),
    ).rejects.toThrow(/cycles_dates/);
    const created = await q("SELECT created_at FROM cycles WHERE name = 'A'");
    expect(created.rows[0].created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    await closePg(db);
  });
});

/** Skips loudly where the dependency cannot be had; on CI (CI set) a missing dependency fails. */
function skipOrFail(ctx: { skip: () => void }): void {
  if (process.env.CI) throw new Error(`CI must run this test: ${missing}`);
  ctx.skip();
}
