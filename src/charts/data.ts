import { checkinWeeks } from '../domain/cadence.js';
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

/**
 * One row per KR (in the order given), a cell per check-in week 1..upToWeek: a biweekly team's weeks
 * between check-ins get no cell (left blank, not drawn as "no check-in").
 */
export function heatRows(krs: KrInfo[], checkins: CheckinInfo[], upToWeek: number): HeatRow[] {
  const byKrWeek = new Map(checkins.map((c) => [`${c.krId}/${c.week}`, c.confidence]));
  return krs.map((kr) => ({
    label: kr.key,
    cells: checkinWeeks(kr.cadence, Math.max(0, upToWeek)).map((week) => ({
      week,
      confidence: byKrWeek.get(`${kr.id}/${week}`) ?? null,
    })),
  }));
}
