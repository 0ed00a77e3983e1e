import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migratePg } from '../../src/db/pg.js';
import { startPostgres } from './postgres.js';

/**
 * The `postgres` test project's one PostgreSQL: started once per run (installed first when the
 * machine lacks it), with a migrated template database every test clones in a few milliseconds.
 * Where it cannot start, the run fails under CI and is skipped loudly elsewhere.
 */
export default async function setup(project: TestProject) {
  const server = await startPostgres();
  if ('missing' in server) {
    if (process.env.CI) throw new Error(`PostgreSQL is required under CI: ${server.missing}`);
    console.warn(`\n⚠️  SKIPPING the PostgreSQL runs of the store and end-to-end suites: ${server.missing}\n`);
    project.provide('pgAdminUrl', '');
    return;
  }
  const admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE okrbot_template');
  await admin.end();
  const pool = new pg.Pool({ connectionString: server.url('okrbot_template') });
  await migratePg({ $client: pool });
  await pool.end();
  project.provide('pgAdminUrl', server.url());
  return async () => server.stop();
}
