import type pg from 'pg';
import type { Db } from './client.js';

/**
 * Scheduler leadership on PostgreSQL: `pg_try_advisory_lock` on a connection kept for it. The
 * lock lives as long as that session: a leader that exits, crashes or loses its connection frees
 * it at once, and the next replica to tick takes it. (A host that vanishes without closing its
 * socket is noticed by TCP keep-alive, which the pool turns on.)
 */

/** "okrbot" + 1 in ASCII, as a bigint: the same on every replica, distinct from the migration lock. */
const LEADER_LOCK = (0x6f6b72626f74n + 1n).toString();

const held = new WeakMap<pg.Pool, pg.PoolClient>();

const poolOf = (db: Db) => db.$client as unknown as pg.Pool;

/** True while this process leads: it took the lock now or still holds it on a live connection. */
export async function holdLeadership(db: Db): Promise<boolean> {
  const pool = poolOf(db);
  const mine = held.get(pool);
  if (mine) {
    try {
      await mine.query('SELECT 1');
      return true;
    } catch {
      // The session is gone, and the lock with it: let the connection go and compete again.
      held.delete(pool);
      mine.release(true);
    }
  }
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LEADER_LOCK]);
    if (!rows[0]?.ok) {
      client.release();
      return false;
    }
  } catch (e) {
    client.release(true);
    throw e;
  }
  // An idle pooled client's errors are reported on the client; the next tick notices and competes.
  client.on('error', () => undefined);
  held.set(pool, client);
  return true;
}

export async function releaseLeadership(db: Db): Promise<void> {
  const pool = poolOf(db);
  const mine = held.get(pool);
  if (!mine) return;
  held.delete(pool);
  try {
    await mine.query('SELECT pg_advisory_unlock($1)', [LEADER_LOCK]);
    mine.release();
  } catch {
    mine.release(true);
  }
}
