import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { closeDb, openDb, type Db } from '../../src/db/client.js';

const dirs: string[] = [];
const dbs: Db[] = [];

/** A fresh directory removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'okrbot-test-'));
  dirs.push(dir);
  return dir;
}

/** A real SQLite file with the real migrations applied, closed and removed after the test. */
export function tempDb(): { db: Db; path: string; dir: string } {
  const dir = tempDir();
  const path = join(dir, 'okrbot.db');
  const db = openDb(path);
  dbs.push(db);
  return { db, path, dir };
}

afterEach(() => {
  for (const db of dbs.splice(0)) closeDb(db);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
