import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOkrText } from '../../src/okrs/format.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { listHistory, recordCheckin } from '../../src/store/checkins.js';
import { getCycleByName } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { freshDb, rowsOf, testDatabase } from '../helpers/db.js';

async function seeded() {
  const { db } = await freshDb();
  await importOkrs(db, parseOkrText('okrs.example.yaml', readFileSync('examples/okrs.example.yaml', 'utf8')), {
    now: new Date('2027-01-05T00:00:00Z'),
  });
  const cycle = (await getCycleByName(db, '2027-Q1'))!;
  return { db, cycle, kr: (await getKrInfo(db, cycle.id, 'O1-KR1'))! };
}

describe('check-ins', () => {
  it('keeps one check-in per KR per week and the earlier text in history', async () => {
    const { db, kr } = await seeded();
    const first = await recordCheckin(
      db,
      { krId: kr.id, week: 3, confidence: 2, evidence: 'on plan', value: 5600, authorId: kr.ownerId },
      new Date('2027-01-18T09:00:00Z'),
    );
    expect(first).toMatchObject({ created: true, changed: true });
    const edit = await recordCheckin(
      db,
      {
        krId: kr.id,
        week: 3,
        confidence: 1,
        evidence: 'slipped: churn in EU',
        risks: 'pricing',
        value: 5500,
        authorId: kr.ownerId,
      },
      new Date('2027-01-19T09:00:00Z'),
    );
    expect(edit).toMatchObject({ created: false, changed: true });
    expect(await rowsOf(db, 'checkins')).toMatchObject([
      {
        week: 3,
        confidence: 1,
        evidence: 'slipped: churn in EU',
        risks: 'pricing',
        updatedAt: '2027-01-19T09:00:00.000Z',
      },
    ]);
    expect(await listHistory(db, first.checkin.id)).toMatchObject([
      {
        confidence: 2,
        evidence: 'on plan',
        value: 5600,
        writtenAt: '2027-01-18T09:00:00.000Z',
        replacedAt: '2027-01-19T09:00:00.000Z',
      },
    ]);
    expect((await rowsOf(db, 'keyResults')).find((k) => k.id === kr.id)!.currentValue).toBe(5500);
  });

  it('treats an identical resubmission as a no-op', async () => {
    const { db, kr } = await seeded();
    const input = { krId: kr.id, week: 1, confidence: 2 as const, evidence: 'same', authorId: kr.ownerId };
    await recordCheckin(db, input);
    expect(await recordCheckin(db, input)).toMatchObject({ created: false, changed: false });
    expect(await listHistory(db, (await rowsOf(db, 'checkins'))[0]!.id)).toEqual([]);
  });

  // SQLite's own constraints; PostgreSQL's twin is checked in pgSchema.test.ts.
  it.skipIf(testDatabase() === 'postgres')('is guarded by the database itself', async () => {
    const { db, kr } = await seeded();
    const raw = db.$client;
    expect(() =>
      raw.prepare('INSERT INTO checkins (kr_id, week, confidence, evidence) VALUES (?, 1, 3, ?)').run(kr.id, 'x'),
    ).toThrow(/CHECK constraint failed: checkins_confidence/);
    expect(() =>
      raw.prepare('INSERT INTO checkins (kr_id, week, confidence, evidence) VALUES (?, 1, 1, ?)').run(kr.id, '  '),
    ).toThrow(/checkins_evidence/);
    expect(() =>
      raw.prepare('INSERT INTO checkins (kr_id, week, confidence, evidence) VALUES (9999, 1, 1, ?)').run('x'),
    ).toThrow(/FOREIGN KEY/);
    expect(() => raw.prepare('UPDATE key_results SET grade = 1.2 WHERE id = ?').run(kr.id)).toThrow(
      /key_results_grade/,
    );
    raw.prepare('INSERT INTO checkins (kr_id, week, confidence, evidence) VALUES (?, 1, 1, ?)').run(kr.id, 'x');
    expect(() =>
      raw.prepare('INSERT INTO checkins (kr_id, week, confidence, evidence) VALUES (?, 1, 2, ?)').run(kr.id, 'y'),
    ).toThrow(/UNIQUE/);
    expect(() => raw.prepare("INSERT INTO deliveries (purpose, subject) VALUES ('checkin', 'a')").run()).not.toThrow();
    expect(() => raw.prepare("INSERT INTO deliveries (purpose, subject) VALUES ('checkin', 'a')").run()).toThrow(
      /UNIQUE/,
    );
    expect(() => raw.prepare("UPDATE cycles SET state = 'active' WHERE id != ?").run(-1)).not.toThrow();
    raw
      .prepare(
        "INSERT INTO cycles (name, start_date, end_date, mid_date, state) VALUES ('next', '2027-04-05', '2027-07-04', '2027-05-20', 'planned')",
      )
      .run();
    expect(() => raw.prepare("UPDATE cycles SET state = 'active' WHERE name = 'next'").run()).toThrow(/UNIQUE/);
  });

  it.skipIf(testDatabase() === 'postgres')(
    'opens SQLite in WAL mode with foreign keys and a busy timeout',
    async () => {
      const { db } = await seeded();
      expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(10000);
    },
  );
});
