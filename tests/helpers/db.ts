import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { afterEach, inject } from 'vitest';
import { openDb, type Db } from '../../src/db/client.js';
import { closeDatabase } from '../../src/db/open.js';
import { openPgStore } from '../../src/db/pg.js';

const dirs: string[] = [];
const dbs: Db[] = [];

/** A fresh directory removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'okrbot-test-'));
  dirs.push(dir);
  return dir;
}

/** A real SQLite file with the real migrations applied, closed and removed after the test. */
export function tempDb(options: { closedBy?: 'test' | 'caller' } = {}): { db: Db; path: string; dir: string } {
  // A caller that closes the database also removes its folder (it may outlive one test).
  const dir = options.closedBy === 'caller' ? mkdtempSync(join(tmpdir(), 'okrbot-test-')) : tempDir();
  const path = join(dir, 'okrbot.db');
  const db = openDb(path);
  if (options.closedBy !== 'caller') dbs.push(db);
  return { db, path, dir };
}

/** Which database this test run exercises: the `postgres` project sets it (vitest.config.ts). */
export const testDatabase = (): 'sqlite' | 'postgres' =>
  process.env.OKRBOT_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

let created = 0;

/**
 * A fresh, migrated database of the kind this run tests: a SQLite file, or a PostgreSQL database
 * cloned from the migrated template the global setup made (tests/helpers/pgGlobalSetup.ts).
 * Closed after the test, unless the caller closes it (a harness shared by a file's tests).
 */
export async function freshDb(
  options: { closedBy?: 'test' | 'caller' } = {},
): Promise<{ db: Db; path: string; dir: string; url?: string }> {
  if (testDatabase() === 'sqlite') return tempDb(options);
  const admin = inject('pgAdminUrl');
  const name = `okrbot_${process.pid}_${Date.now()}_${created++}`;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name} TEMPLATE okrbot_template`);
  await client.end();
  const url = admin.replace(/\/[^/]*$/, `/${name}`);
  const db = await openPgStore(url, { max: 4 });
  if (options.closedBy !== 'caller') dbs.push(db);
  // No SQLite file lives there: code that wrongly opens `path` on PostgreSQL fails loudly.
  return {
    db,
    path: '/nonexistent/okrbot-on-postgres',
    dir: options.closedBy === 'caller' ? mkdtempSync(join(tmpdir(), 'okrbot-test-')) : tempDir(),
    url,
  };
}

type Tables = Db['t'];
type TableName = { [K in keyof Tables]: Tables[K] extends { $inferSelect: unknown } ? K : never }[keyof Tables];

/** Every row of a table, oldest first, on either database (what tests assert on). */
export async function rowsOf<K extends TableName>(db: Db, name: K): Promise<Array<Tables[K]['$inferSelect']>> {
  const table = db.t[name] as Tables['deliveries'];
  const query = db.select().from(table);
  return (await db.rows('id' in table ? query.orderBy(asc(table.id)) : query)) as never;
}

afterEach(async () => {
  for (const db of dbs.splice(0)) await closeDatabase(db);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
