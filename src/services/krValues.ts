import type { Db } from '../db/client.js';
import type { Cycle, KrValue } from '../db/schema.js';
import { projectPath, type PathProjection } from '../domain/path.js';
import { weekCount, weekOfDate } from '../domain/time.js';
import type { MeasuredValue } from '../views/checkinMessage.js';
import { outOfRange, sourceLabel, sourceSchema, type KrSource } from '../domain/sources.js';
import type { CheckinInfo, KrInfo } from '../domain/types.js';
import { krValueHistory, latestKrValues, recordKrValues } from '../store/krValues.js';
import type { AppDeps } from './deps.js';
import { readSource, type SourceRead } from './sources.js';

/**
 * KR values read from their sources: before each owner's weekly DM (scheduler/jobs/checkins.ts),
 * and on demand (`okrbot values`). Reads run a few at a time, each bounded by its timeout, so a
 * slow source costs its own time and never blocks a DM.
 */

export const READS_AT_ONCE = 8;
/** A value read this recently is not read again before a DM. */
export const FRESH_FOR_MS = 60 * 60 * 1000;

/** A KR's stored source, or null (none, or a row written by a newer okrbot that this one cannot read). */
export function sourceOf(kr: Pick<KrInfo, 'source'>): KrSource | null {
  if (!kr.source) return null;
  try {
    const parsed = sourceSchema.safeParse(JSON.parse(kr.source));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface KrRead {
  kr: KrInfo;
  source: KrSource;
  read: SourceRead;
}

/** Reads every KR's source (those without one are skipped), a few at a time; stores them unless `check`. */
export async function readKrValues(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  krs: KrInfo[],
  o: { env: Record<string, string | undefined>; check?: boolean; timeoutMs?: number },
): Promise<KrRead[]> {
  const todo = krs.flatMap((kr) => {
    const source = sourceOf(kr);
    return source ? [{ kr, source }] : [];
  });
  const results: KrRead[] = new Array(todo.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < todo.length; i = next++) {
      const { kr, source } = todo[i]!;
      results[i] = {
        kr,
        source,
        read: await readSource(source, { env: o.env, ...(o.timeoutMs && { timeoutMs: o.timeoutMs }) }),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, todo.length) }, worker));
  if (!o.check) {
    const readAt = deps.clock().toISOString();
    await recordKrValues(
      deps.db,
      results.map(({ kr, source, read }) => ({
        krId: kr.id,
        value: read.ok ? read.value : null,
        error: read.ok ? null : `${read.reason}: ${read.detail}`,
        kind: source.kind,
        readAt,
        suspect: read.ok && outOfRange(read.value, kr.baseline, kr.target),
      })),
    );
  }
  return results;
}

/** The KRs (of those given) whose source was not read within FRESH_FOR_MS: what to read before a DM. */
export async function staleSourced(deps: Pick<AppDeps, 'db' | 'clock'>, krs: KrInfo[]): Promise<KrInfo[]> {
  const sourced = krs.filter((k) => sourceOf(k));
  const latest: Map<number, KrValue> = await latestKrValues(
    deps.db,
    sourced.map((k) => k.id),
  );
  const now = deps.clock().getTime();
  return sourced.filter((k) => {
    const last = latest.get(k.id);
    return !last || now - Date.parse(last.readAt) > FRESH_FOR_MS;
  });
}

/** The latest read of each sourced KR's source, with where it was read. */
export async function measuredValues(db: Db, krs: KrInfo[]): Promise<Map<number, MeasuredValue>> {
  const sourced = new Map(
    krs.flatMap((k) => {
      const s = sourceOf(k);
      return s ? [[k.id, sourceLabel(s)] as const] : [];
    }),
  );
  const latest = await latestKrValues(db, [...sourced.keys()]);
  return new Map(
    [...latest].map(([id, v]) => [id, { value: v.value, error: v.error, readAt: v.readAt, label: sourced.get(id)! }]),
  );
}

/**
 * The values read from each sourced KR's source, a value a week (the week's last read), leaving out
 * those far outside baseline → target (shown with a warning, never charted nor projected).
 */
async function measuredByWeek(db: Db, cycle: Cycle, krs: KrInfo[]): Promise<Map<number, Map<number, number>>> {
  const sourced = new Map(krs.filter((k) => sourceOf(k)).map((k) => [k.id, k]));
  const byKr = new Map<number, Map<number, number>>();
  for (const r of await krValueHistory(db, [...sourced.keys()])) {
    const week = weekOfDate(cycle, r.readAt.slice(0, 10));
    const kr = sourced.get(r.krId)!;
    if (week === null || outOfRange(r.value, kr.baseline, kr.target)) continue;
    const weeks = byKr.get(r.krId) ?? new Map<number, number>();
    weeks.set(week, r.value);
    byKr.set(r.krId, weeks);
  }
  return byKr;
}

/** Each measured KR's path (domain/path.ts) from the values read so far. */
export async function pathsOf(db: Db, cycle: Cycle, krs: KrInfo[]): Promise<Map<number, PathProjection>> {
  const paths = new Map<number, PathProjection>();
  for (const [krId, weeks] of await measuredByWeek(db, cycle, krs)) {
    const kr = krs.find((k) => k.id === krId)!;
    const points = [...weeks].map(([week, value]) => ({ week, value }));
    const path = projectPath(points, weekCount(cycle), kr.baseline, kr.target);
    if (path) paths.set(krId, path);
  }
  return paths;
}

/**
 * What a KR's chart plots: each check-in's value, or — where the owner gave none that week — the
 * value okrbot read from the KR's source that week (the latest). The check-ins themselves are not
 * changed: the owner's words stay theirs.
 */
export async function chartCheckins(
  db: Db,
  cycle: Cycle,
  krs: KrInfo[],
  checkins: CheckinInfo[],
): Promise<CheckinInfo[]> {
  const measured = await measuredByWeek(db, cycle, krs);
  return checkins.map((c) => {
    const read = c.value === null ? measured.get(c.krId)?.get(c.week) : undefined;
    return read === undefined ? c : { ...c, value: read };
  });
}
