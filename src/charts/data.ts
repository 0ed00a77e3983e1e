import { midCycleWeek, weekCount, type CycleDates } from '../domain/time.js';
import type { CheckinInfo, KrInfo } from '../domain/types.js';
import type { HeatRow, KrChartData } from './specs.js';

/** Plain data → chart data (pure; the services read the rows). */

/** Null when the KR has no baseline or target to draw a path between. */
export function krChartData(
  cycle: CycleDates & { midDate: string },
  kr: KrInfo,
  checkins: CheckinInfo[],
): KrChartData | null {
  if (kr.baseline === null || kr.target === null) return null;
  const points = checkins
    .filter((c) => c.krId === kr.id)
    .sort((a, b) => a.week - b.week)
    .map((c) => ({ week: c.week, value: c.value, confidence: c.confidence }));
  return {
    key: kr.key,
    title: kr.title,
    unit: kr.unit,
    baseline: kr.baseline,
    target: kr.target,
    weeks: weekCount(cycle),
    midWeek: midCycleWeek(cycle),
    points,
  };
}

/** One row per KR (in the order given), a cell per week 1..upToWeek. */
export function heatRows(krs: KrInfo[], checkins: CheckinInfo[], upToWeek: number): HeatRow[] {
  const byKrWeek = new Map(checkins.map((c) => [`${c.krId}/${c.week}`, c.confidence]));
  return krs.map((kr) => ({
    label: kr.key,
    cells: Array.from({ length: Math.max(0, upToWeek) }, (_, i) => ({
      week: i + 1,
      confidence: byKrWeek.get(`${kr.id}/${i + 1}`) ?? null,
    })),
  }));
}
