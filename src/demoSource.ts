import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from './db/client.js';
import type { Cycle } from './db/schema.js';
import { weekDates } from './domain/time.js';
import type { KrInfo } from './domain/types.js';
import { readKrValues } from './services/krValues.js';

/**
 * The demo's measured KR: O3-KR2 (median time to restore, 95 → 30 min) reads its value from an
 * HTTP endpoint on this machine, as a team's incident tracker would answer it. Its owner reports it
 * green every week; the measured values fall only slowly, so the digest says "green but off its path".
 */

export const MEASURED_KR = 'O3-KR2';
const MEASURED: Record<number, number> = { 1: 93, 2: 92, 3: 90, 4: 89, 5: 88, 6: 86 };

export interface DemoSource {
  /** The `source:` to give the KR in the OKR file. */
  yaml: string;
  /** Reads the KR's value as the scheduler would before that week's DM. */
  measure(db: Db, cycle: Cycle, kr: KrInfo, week: number): Promise<number | null>;
  close(): Promise<void>;
}

export async function startDemoSource(): Promise<DemoSource> {
  let week = 1;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ metric: 'median_time_to_restore_minutes', value: MEASURED[week] ?? null }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mttr.json`;
  return {
    yaml: `{ kind: http, url: "${url}", pointer: /value }`,
    async measure(db, cycle, kr, w) {
      week = w;
      const at = new Date(`${weekDates(cycle, w).first}T09:00:00Z`);
      const [read] = await readKrValues({ db, clock: () => at }, [kr], { env: {} });
      return read?.read.ok ? read.read.value : null;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
