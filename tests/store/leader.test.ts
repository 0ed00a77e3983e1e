import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/db/open.js';
import { acquireLease, releaseLease } from '../../src/store/lease.js';
import { freshDb, testDatabase } from '../helpers/db.js';

const now = new Date('2027-01-04T10:00:00Z');

/** Several replicas on one PostgreSQL: exactly one runs the scheduler, and a dead one's lead passes at once. */
describe.skipIf(testDatabase() === 'sqlite')('scheduler leadership on PostgreSQL', () => {
  it('goes to one replica; passes to another the moment the leader’s session dies, and back after a clean stop', async () => {
    const { db: a, path, url } = await freshDb();
    const b = await openDatabase({ url, path });
    const c = await openDatabase({ url, path });
    try {
      expect(await acquireLease(a, 'a', now, 90_000)).toBe(true);
      expect(await acquireLease(b, 'b', now, 90_000)).toBe(false);
      expect(await acquireLease(a, 'a', now, 90_000)).toBe(true); // keeps it
      // The leader's process dies: PostgreSQL ends its session (as when the socket closes).
      const [lock] = await b.raw<{ pid: number }>(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = ?",
        [Number((0x6f6b72626f74n + 1n) & 0xffffffffn)],
      );
      expect(lock).toBeDefined();
      // The timeout makes PostgreSQL wait until that backend has exited (its locks go as it exits);
      // without it the call returns once the signal is sent, and the next line raced the exit.
      const [ended] = await b.raw<{ ok: boolean }>('SELECT pg_terminate_backend(?, 10000) AS "ok"', [lock!.pid]);
      expect(ended?.ok).toBe(true);
      expect(await acquireLease(b, 'b', now, 90_000)).toBe(true); // no lease to wait out
      expect(await acquireLease(a, 'a', now, 90_000)).toBe(false); // the old leader notices and stands by
      expect(await acquireLease(c, 'c', now, 90_000)).toBe(false);
      await releaseLease(b, 'b');
      expect(await acquireLease(c, 'c', now, 90_000)).toBe(true);
    } finally {
      await closeDatabase(b);
      await closeDatabase(c);
    }
  });
});
