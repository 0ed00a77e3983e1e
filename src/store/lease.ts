import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/** The scheduler lease: one process per database runs the jobs. */

/**
 * Whether a lease holder (`host:pid:boot`) is a process on this host that no longer runs: a bot
 * restarted after a crash takes its dead predecessor's lease at once instead of waiting it out.
 * In a container restarted in place the host name is the same and the new process may even have
 * the same pid (1): same host, same pid, another boot id means the holder is gone too. Holders on
 * other hosts cannot be checked: their lease must lapse (at most the lease length, 90 s).
 */
export function holderIsDead(holder: string, self: string): boolean {
  const [host, pid, boot] = holder.split(':');
  const [myHost, myPid, myBoot] = self.split(':');
  if (!host || host !== myHost || !pid || !/^\d+$/.test(pid)) return false;
  if (pid === myPid) return boot !== myBoot;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Takes or keeps the scheduler lead; false when another live process has it.
 * SQLite: a lease row with an expiry (one host, processes come and go). PostgreSQL: a session
 * advisory lock held on a connection of its own, which PostgreSQL releases the moment the leader's
 * connection ends — a killed replica's standby takes over at its next tick, with no lease to wait out.
 */
export async function acquireLease(db: Db, holder: string, now: Date, leaseMs: number): Promise<boolean> {
  if (db.kind === 'pg') return (await import('../db/pgLeader.js')).holdLeadership(db);
  const expiresAt = new Date(now.getTime() + leaseMs).toISOString();
  const { schedulerLock } = db.t;
  return db.atomic(async (tx) => {
    await tx.exec(
      tx.insert(schedulerLock).values({ id: 1, holder, expiresAt: now.toISOString() }).onConflictDoNothing(),
    );
    const current = (await tx.first(tx.select().from(schedulerLock).where(eq(schedulerLock.id, 1))))!;
    const free =
      current.holder === holder || current.expiresAt < now.toISOString() || holderIsDead(current.holder, holder);
    if (!free) return false;
    await tx.exec(tx.update(schedulerLock).set({ holder, expiresAt }).where(eq(schedulerLock.id, 1)));
    return true;
  });
}

export async function releaseLease(db: Db, holder: string): Promise<void> {
  if (db.kind === 'pg') return (await import('../db/pgLeader.js')).releaseLeadership(db);
  const { schedulerLock } = db.t;
  await db.exec(
    db
      .update(schedulerLock)
      .set({ expiresAt: new Date(0).toISOString() })
      .where(eq(schedulerLock.holder, holder)),
  );
}
