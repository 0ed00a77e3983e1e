import type { Db } from '../db/client.js';
import type { Cycle } from '../db/schema.js';

/** What the steps of an OKR file sync share (okrSync.ts, okrSyncKrs.ts). */

export interface PlannedChange {
  action: 'add' | 'update' | 'stop' | 'note';
  subject: string;
  detail: string;
}

export const fmt = (v: unknown) =>
  v === null || v === undefined || v === '' ? '(none)' : typeof v === 'string' ? `"${v}"` : String(v);

/** One run of the sync: where it writes (or not), what it found, what it plans. */
export interface SyncRun {
  tx: Db;
  write: boolean;
  now: Date;
  change: (action: PlannedChange['action'], subject: string, detail: string) => void;
  /** The cycle as it was before this run (undefined: new). */
  cycle: Cycle | undefined;
  cycleId: number;
  resolveOwner: (owner: string) => Promise<number | null>;
  seenKrKeys: Set<string>;
}
