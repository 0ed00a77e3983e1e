import { heatStripAlt, krChartAlt, mixBarAlt } from '../charts/alt.js';
import { heatRows, krChartData } from '../charts/data.js';
import { heatStripSpec, krChartSpec, mixBarSpec, type MixRow, type VegaLiteSpec } from '../charts/specs.js';
import type { Cycle } from '../db/schema.js';
import { midCycleWeek, weekCount } from '../domain/time.js';
import type { CheckinInfo, KrInfo } from '../domain/types.js';

/**
 * The charts of each surface, as data + words. Every surface that shows a KR's or a team's
 * picture (Slack, the HTML report, the demo) builds it here, so they cannot draw it two ways.
 */

export interface Chart {
  /** File name in Slack, e.g. "O1-KR2-week-6.png". */
  name: string;
  title: string;
  alt: string;
  spec: VegaLiteSpec;
}

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'chart';

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
    spec: heatStripSpec({ title: `${kr.key}: ${kr.title}`, subtitle: 'confidence week by week (no baseline or target to chart a value)', weeks: weekCount(cycle), midWeek: midCycleWeek(cycle), rows }),
  };
}

/** A team's KRs × weeks 1..week as a confidence heat strip. */
export function teamChart(cycle: Cycle, teamName: string, krs: KrInfo[], checkins: CheckinInfo[], week: number): Chart {
  const rows = heatRows(krs, checkins, week);
  return {
    name: `${fileSafe(teamName)}-${fileSafe(cycle.name)}-week-${week}.png`,
    title: `${teamName}: confidence week by week`,
    alt: heatStripAlt(`${teamName}, ${cycle.name} ${week === 1 ? 'week 1' : `weeks 1–${week}`}`, rows),
    spec: heatStripSpec({ title: `${teamName} · ${cycle.name} · week ${week}`, subtitle: 'confidence per key result, week by week', weeks: weekCount(cycle), midWeek: midCycleWeek(cycle), rows }),
  };
}

/** Every team's confidence mix for a week (the leadership roll-up). */
export function mixChart(cycle: Cycle, week: number, rows: MixRow[]): Chart {
  return {
    name: `all-teams-${fileSafe(cycle.name)}-week-${week}.png`,
    title: `All teams: confidence mix, week ${week}`,
    alt: mixBarAlt(`All teams, ${cycle.name} week ${week}`, rows),
    spec: mixBarSpec({ title: `All teams · ${cycle.name} · week ${week}`, subtitle: 'key results by confidence this week', rows }),
  };
}
