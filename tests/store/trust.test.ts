import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DatabaseTooNewError, closeDb, openDb } from '../../src/db/client.js';
import { schedulerLock } from '../../src/db/schema.js';
import { parseOkrText } from '../../src/okrs/format.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { acquireLease } from '../../src/store/lease.js';
import { recordCheckin } from '../../src/store/checkins.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { recordDecision } from '../../src/store/decisions.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { freshDb, rowsOf, tempDb, testDatabase } from '../helpers/db.js';

async function seeded() {
  const t = await freshDb();
  await importOkrs(t.db, parseOkrText('x.yaml', readFileSync('examples/okrs.example.yaml', 'utf8')), {
    now: new Date('2027-01-19T10:00:00Z'),
  });
  const kr = (await getKrInfo(t.db, (await getActiveCycle(t.db))!.id, 'O1-KR1'))!;
  return { ...t, kr };
}

/** Another process takes the write lock, writes, and commits after `holdMs`. */
async function otherWriter(path: string, holdMs: number): Promise<{ done: Promise<void> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(path)});
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO processed_events (event_id) VALUES ('other-writer')").run();
    console.log('locked');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${holdMs});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('locked') && resolve()));
  return { done: new Promise<void>((resolve) => child.on('exit', () => resolve())) };
}

describe('never lose an answer', () => {
  it.skipIf(testDatabase() === 'postgres')(
    'a check-in written while another process holds SQLite’s write lock waits its turn and is stored',
    async () => {
      const { db, path, kr } = await seeded();
      // A reader snapshot taken before the other writer commits is what made deferred transactions
      // fail with SQLITE_BUSY_SNAPSHOT; the immediate transaction waits for the lock instead.
      const { done } = await otherWriter(path, 300);
      const result = await recordCheckin(db, {
        krId: kr.id,
        week: 3,
        confidence: 1,
        evidence: 'written under contention',
        authorId: null,
      });
      await done;
      expect(result.created).toBe(true);
      expect((await rowsOf(db, 'checkins')).map((c) => c.evidence)).toEqual(['written under contention']);
      expect(
        db.$client.prepare("SELECT count(*) AS n FROM processed_events WHERE event_id = 'other-writer'").get(),
      ).toEqual({ n: 1 });
    },
  );

  it('the same decision submitted twice is logged once', async () => {
    const { db, kr } = await seeded();
    const input = { krId: kr.id, kind: 'stop' as const, rationale: 'No longer matters', decidedBy: null };
    const a = await recordDecision(db, input, new Date('2027-02-15T10:00:00Z'));
    const b = await recordDecision(db, input, new Date('2027-02-15T10:00:02Z'));
    expect(b.id).toBe(a.id);
    expect(await rowsOf(db, 'decisions')).toHaveLength(1);
    // A different rationale is a different decision.
    await recordDecision(db, { ...input, rationale: 'Changed our minds again' }, new Date('2027-02-15T10:00:03Z'));
    expect(await rowsOf(db, 'decisions')).toHaveLength(2);
  });
});

describe('a database written by a newer okrbot', () => {
  it.skipIf(testDatabase() === 'postgres')('is refused with a clear message, and left untouched', () => {
    const { db, path } = tempDb();
    db.$client
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('future', 4102444800000);
    closeDb(db);
    const before = readFileSync(path);
    expect(() => openDb(path)).toThrow(DatabaseTooNewError);
    expect(() => openDb(path)).toThrow(/written by a newer okrbot: it has 1 migration this version does not know/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('scheduler lease after a crash', () => {
  it.skipIf(testDatabase() === 'postgres')(
    'a restarted process on the same host takes a dead holder’s lease at once; a live or remote one keeps it',
    async () => {
      const { db } = tempDb();
      const now = new Date('2027-01-11T07:00:00Z');
      const later = new Date(now.getTime() + 60_000).toISOString();
      const me = `${hostname()}:${process.pid}:newboot`;
      // Dead: same host, a pid that does not exist.
      db.insert(schedulerLock)
        .values({ id: 1, holder: `${hostname()}:999999999:oldboot`, expiresAt: later })
        .run();
      expect(await acquireLease(db, me, now, 90_000)).toBe(true);
      // Same host, same pid (a container restarted in place: pid 1 again), another boot: dead too.
      db.update(schedulerLock)
        .set({ holder: `${hostname()}:${process.pid}:oldboot`, expiresAt: later })
        .run();
      expect(await acquireLease(db, me, now, 90_000)).toBe(true);
      // Alive on this host (the parent of this test process): kept.
      db.update(schedulerLock)
        .set({ holder: `${hostname()}:${process.ppid}:other`, expiresAt: later })
        .run();
      expect(await acquireLease(db, me, now, 90_000)).toBe(false);
      // Another host: cannot be checked, kept until it lapses.
      db.update(schedulerLock).set({ holder: 'elsewhere:1:x', expiresAt: later }).run();
      expect(await acquireLease(db, me, now, 90_000)).toBe(false);
      expect(await acquireLease(db, me, new Date(now.getTime() + 61_000), 90_000)).toBe(true);
    },
  );
});
