import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTeam, getTeamByName, listTeams, updateTeam } from '../../src/store/teams.js';
import { closeDatabase, openDatabase } from '../../src/db/open.js';
import { freshDb, testDatabase } from '../helpers/db.js';

/**
 * The store is asynchronous; SQLite answers synchronously on one connection. A transaction's body
 * spans microtask hops, so other store calls of the same process must wait for it, never slip
 * into it: otherwise a rollback would take their writes with it.
 */
describe('db.atomic', () => {
  it.skipIf(testDatabase() === 'postgres')(
    'on SQLite, keeps a concurrent write out of a transaction that rolls back',
    async () => {
      const { db } = await freshDb();
      const team = await createTeam(db, { name: 'Discovery' });
      const order: string[] = [];
      const failing = db.atomic(async (tx) => {
        await tx.exec(tx.update(tx.t.teams).set({ timezone: 'Asia/Tokyo' }).where(eq(tx.t.teams.id, team.id)));
        order.push('tx wrote');
        for (let i = 0; i < 5; i++) await tx.rows(tx.select().from(tx.t.teams)); // hops the concurrent write could use
        throw new Error('refused late');
      });
      const concurrent = createTeam(db, { name: 'Growth' }).then(() => order.push('other wrote'));
      await expect(failing).rejects.toThrow('refused late');
      await concurrent;
      expect(order).toEqual(['tx wrote', 'other wrote']);
      expect((await listTeams(db)).map((t) => [t.name, t.timezone])).toEqual([
        ['Discovery', 'UTC'],
        ['Growth', 'UTC'],
      ]);
    },
  );

  it('runs transactions of one process one after the other, and a nested one inside its parent', async () => {
    const { db } = await freshDb();
    const team = await createTeam(db, { name: 'Discovery', reminderCount: 0 });
    const bump = () =>
      db.atomic(async (tx) => {
        const current = (await getTeamByName(tx, 'Discovery'))!;
        await tx.rows(tx.select().from(tx.t.teams)); // a hop between the read and the write
        await tx.atomic(async (inner) => updateTeam(inner, team.id, { reminderCount: current.reminderCount + 1 }));
      });
    await Promise.all([bump(), bump(), bump()]);
    expect((await getTeamByName(db, 'Discovery'))!.reminderCount).toBe(3);
  });

  // Two replicas on PostgreSQL. (Two SQLite connections in one process would block each other's
  // event loop; SQLite's other writers are other processes: tests/load/concurrentWriters.)
  it.skipIf(testDatabase() === 'sqlite')(
    'on PostgreSQL, loses no update when two replicas read and write the same row at once',
    async () => {
      const { db, path, url } = await freshDb();
      const other = await openDatabase({ url, path });
      try {
        const team = await createTeam(db, { name: 'D' });
        // Read-modify-write: each adds one letter to the name it read.
        const bump = (handle: typeof db, letter: string) =>
          handle.atomic(async (tx) => {
            const current = (await listTeams(tx))[0]!;
            await tx.rows(tx.select().from(tx.t.teams));
            await updateTeam(tx, team.id, { name: current.name + letter });
          });
        await Promise.all([
          bump(db, 'a'),
          bump(other, 'b'),
          bump(db, 'c'),
          bump(other, 'd'),
          bump(db, 'e'),
          bump(other, 'f'),
        ]);
        const name = (await listTeams(db))[0]!.name;
        expect([...name].sort().join('')).toBe('Dabcdef');
      } finally {
        await closeDatabase(other);
      }
    },
  );

  it('counts the rows a write changed, and runs hand-written SQL with parameters', async () => {
    const { db } = await freshDb();
    await createTeam(db, { name: 'A' });
    await createTeam(db, { name: 'B' });
    expect(await db.exec(db.update(db.t.teams).set({ reminderCount: 1 }))).toBe(2);
    expect(
      await db.raw<{ name: string }>('SELECT name FROM teams WHERE reminder_count = ? ORDER BY name', [1]),
    ).toEqual([{ name: 'A' }, { name: 'B' }]);
    expect(await db.raw('UPDATE teams SET reminder_count = ? WHERE name = ?', [2, 'A'])).toEqual([]);
    expect(
      await db.first(db.select({ n: db.t.teams.reminderCount }).from(db.t.teams).where(eq(db.t.teams.name, 'A'))),
    ).toEqual({ n: 2 });
  });
});
