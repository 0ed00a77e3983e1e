import { heatStripAlt, krChartAlt, mixBarAlt } from '../charts/alt.js';
import { heatRows, krChartData } from '../charts/data.js';
import type { Chart } from '../charts/chart.js';
import { heatStripSpec, krChartSpec, mixBarSpec, type MixRow } from '../charts/specs.js';

export type { Chart } from '../charts/chart.js';
import type { Cycle } from '../db/schema.js';
import { midCycleWeek, weekCount } from '../domain/time.js';
import type { CheckinInfo, KrInfo } from '../domain/types.js';

/**
 * The charts of each surface, as data + words. Every surface that shows a KR's or a team's
 * picture (Slack, the HTML report, the demo) builds it here, so they cannot draw it two ways.
 */

/** A taller picture is unreadable in Slack: bigger teams and roll-ups show their first 30 rows. */
export const MAX_CHART_ROWS = 30;

const fileSafe = (s: string) =>
  s
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'chart';

/** A KR's value against its path; a one-row confidence strip when it has no baseline or target. */
export function krChart(cycle: Cycle, kr: KrInfo, checkins: CheckinInfo[]): Chart {
  const data = krChartData(cycle, kr, checkins);
  const upTo = Math.max(0, ...checkins.filter((c) => c.krId === kr.id).map((c) => c.week));
  const name = `${fileSafe(kr.key)}-${fileSafe(cycle.name)}.png`;
  if (data) return { name, title: `${kr.key} week by week`, alt: krChartAlt(data), spec: krChartSpec(data) };
  const rows = heatRows([kr], checkins, upTo);
  return {
    name,
    title: `${kr.key} confidence week by week`,
    alt: heatStripAlt(`${kr.key} (${kr.title}), no baseline or target to chart a value`, rows),
    spec: heatStripSpec({
      title: `${kr.key}: ${kr.title}`,
      subtitle: 'confidence week by week (no baseline or target to chart a value)',
      weeks: weekCount(cycle),
      midWeek: midCycleWeek(cycle),
      rows,
    }),
  };
}

/** A team's KRs × weeks 1..week as a confidence heat strip. */
export function teamChart(cycle: Cycle, teamName: string, krs: KrInfo[], checkins: CheckinInfo[], week: number): Chart {
  const rows = heatRows(krs.slice(0, MAX_CHART_ROWS), checkins, week);
  const shown = krs.length > rows.length ? ` (the first ${rows.length} of ${krs.length} key results)` : '';
  return {
    name: `${fileSafe(teamName)}-${fileSafe(cycle.name)}-week-${week}.png`,
    title: `${teamName}: confidence week by week`,
    alt: heatStripAlt(`${teamName}, ${cycle.name} ${week === 1 ? 'week 1' : `weeks 1–${week}`}${shown}`, rows),
    spec: heatStripSpec({
      title: `${teamName} · ${cycle.name} · week ${week}`,
      subtitle: `confidence per key result, week by week${shown}`,
      weeks: weekCount(cycle),
      midWeek: midCycleWeek(cycle),
      rows,
    }),
  };
}

/** Every team's confidence mix for a week (the leadership roll-up). */
export function mixChart(cycle: Cycle, week: number, all: MixRow[]): Chart {
  // The teams with the most off-track, then at-risk, KRs come first when not all fit.
  const worst = (r: MixRow) => r.counts[0] * 1000 + r.counts[1];
  const rows =
    all.length > MAX_CHART_ROWS ? [...all].sort((a, b) => worst(b) - worst(a)).slice(0, MAX_CHART_ROWS) : all;
  const shown = all.length > rows.length ? ` (the ${rows.length} of ${all.length} teams with the most at risk)` : '';
  return {
    name: `all-teams-${fileSafe(cycle.name)}-week-${week}.png`,
    title: `All teams: confidence mix, week ${week}`,
    alt: mixBarAlt(`All teams, ${cycle.name} week ${week}${shown}`, rows),
    spec: mixBarSpec({
      title: `All teams · ${cycle.name} · week ${week}`,
      subtitle: `key results by confidence this week${shown}`,
      rows,
    }),
  };
}
