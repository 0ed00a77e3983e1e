import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/db.js';

/** `okrbot migrate` as its own process, asynchronously (so two can run at once). */
function migrateProcess(path: string): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, ['bin/okrbot.js', 'migrate'], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, DATABASE_PATH: path },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, err })));
}

describe('migrations', () => {
  it('two processes starting on a new SQLite file at once both come up (the loser of each race retries)', async () => {
    // Each lost race looked different: "table already exists", or "database is locked" switching to WAL.
    for (let round = 0; round < 5; round++) {
      const path = join(tempDir(), 'okrbot.db');
      const results = await Promise.all([migrateProcess(path), migrateProcess(path)]);
      expect(
        results.map((r) => r.code),
        results.map((r) => r.err).join('\n'),
      ).toEqual([0, 0]);
    }
  }, 60_000);

  it('upgrade a database that already holds data, one release at a time', () => {
    const dir = tempDir();
    const folder = join(dir, 'migrations');
    cpSync('migrations', folder, { recursive: true });
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
    const sqlite = new Database(join(dir, 'okrbot.db'));
    sqlite.pragma('foreign_keys = ON');
    const db = drizzle(sqlite);
    for (let n = 1; n <= journal.entries.length; n++) {
      writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, n) }));
      migrate(db, { migrationsFolder: folder });
      if (n === 1) {
        sqlite.exec(`
          INSERT INTO cycles (name, start_date, end_date, mid_date) VALUES ('c', '2027-01-04', '2027-04-04', '2027-02-15');
          INSERT INTO teams (name) VALUES ('t');
          INSERT INTO objectives (cycle_id, team_id, key, title) VALUES (1, 1, 'O1', 'x');
          INSERT INTO key_results (objective_id, cycle_id, key, title) VALUES (1, 1, 'O1-KR1', 'y');
          INSERT INTO decisions (kr_id, kind, rationale, snapshot) VALUES (1, 'stop', 'why', '{}');
          INSERT INTO checkins (kr_id, week, confidence, evidence) VALUES (1, 1, 2, 'kept');`);
      }
    }
    expect(sqlite.prepare('SELECT kind, status, rationale FROM decisions').all()).toEqual([
      { kind: 'stop', status: 'confirmed', rationale: 'why' },
    ]);
    expect(sqlite.prepare('SELECT evidence FROM checkins').all()).toEqual([{ evidence: 'kept' }]);
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    sqlite.close();
  });
});
