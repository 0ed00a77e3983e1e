import type { Db } from '../db/client.js';

/**
 * Every write that reads first runs in an IMMEDIATE transaction: it takes SQLite's write lock up
 * front and waits its turn (busy timeout) behind another writer — the bot, `okrbot run`, an import.
 * A deferred transaction would start as a reader and fail at once with SQLITE_BUSY_SNAPSHOT when
 * it tried to write after someone else had. Synchronous only: never await inside (better-sqlite3).
 */
export function writeTransaction<T>(db: Db, fn: (tx: Db) => T): T {
  return db.transaction((tx) => fn(tx as unknown as Db), { behavior: 'immediate' });
}
