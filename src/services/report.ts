import { chartCheckins } from './krValues.js';
import { renderPng } from '../charts/render.js';
import type { Db } from '../db/client.js';
import type { Cycle } from '../db/schema.js';
import { trendFor } from '../domain/digest.js';
import { formatDateRange, weekCount } from '../domain/time.js';
import { listCheckins } from '../store/checkins.js';
import { listDecisions } from '../store/decisions.js';
import { listInitiatives } from '../store/initiatives.js';
import { listKrInfos } from '../store/keyResults.js';
import { teamsInCycle } from '../store/teams.js';
import { DECISION_LABEL } from '../views/midcycle.js';
import { krChart, teamChart, type Chart } from './charts.js';
import { successMetricsFor, weeksSoFar } from './successMetrics.js';
import type { ReportData, ReportTeam } from '../views/report.js';

/**
 * Everything the cycle report shows, gathered once: `okrbot report` renders it as Markdown (for a
 * wiki) or as one self-contained HTML file with charts (to open, print and bring to the review).
 */

export type { ReportData, ReportKr, ReportTeam } from '../views/report.js';

export async function reportData(db: Db, cycle: Cycle, now: Date): Promise<ReportData> {
  const krs = await listKrInfos(db, { cycleId: cycle.id });
  const checkins = await listCheckins(
    db,
    krs.map((k) => k.id),
  );
  const weeks = weekCount(cycle);
  const links = await listInitiatives(
    db,
    krs.map((k) => k.id),
  );
  const decisions: string[] = [];
  const teams: ReportTeam[] = [];
  for (const team of await teamsInCycle(db, cycle.id)) {
    const mine = krs.filter((k) => k.teamId === team.id);
    const objectives: ReportTeam['objectives'] = [];
    for (const kr of mine) {
      let objective = objectives.find((o) => o.key === kr.objectiveKey);
      if (!objective) objectives.push((objective = { key: kr.objectiveKey, title: kr.objectiveTitle, krs: [] }));
      const own = checkins.filter((c) => c.krId === kr.id);
      const krDecisions = (await listDecisions(db, kr.id))
        .filter((d) => d.status === 'confirmed')
        .map((d) => `${d.decidedAt.slice(0, 10)} ${DECISION_LABEL[d.kind]} ${kr.key}: ${d.rationale}`);
      decisions.push(...krDecisions);
      objective.krs.push({
        kr,
        trend: trendFor(own, weeks, undefined, kr.cadence),
        checkins: own,
        links: links.get(kr.id) ?? [],
        decisions: krDecisions,
        chart: krChart(cycle, kr, await chartCheckins(db, cycle, [kr], own)),
      });
    }
    const ids = new Set(mine.map((k) => k.id));
    const upTo = checkins.reduce((max, c) => (ids.has(c.krId) ? Math.max(max, c.week) : max), 0);
    teams.push({
      name: team.name,
      chart: mine.length && upTo ? teamChart(cycle, team.name, mine, checkins, upTo) : null,
      objectives,
    });
  }
  return {
    cycleName: cycle.name,
    dates: `${formatDateRange(cycle.startDate, cycle.endDate)} · ${weeks} weeks · ${cycle.state}`,
    weeks,
    metrics: await successMetricsFor(db, cycle, krs, { weeksSoFar: weeksSoFar(cycle, now), checkins }),
    teams,
    decisions: decisions.sort(),
  };
}

/** Every chart of the report as a PNG data URI: the same pictures as in Slack. */
export async function reportImages(data: ReportData): Promise<Map<Chart, string>> {
  const charts = data.teams.flatMap((t) => [
    ...(t.chart ? [t.chart] : []),
    ...t.objectives.flatMap((o) => o.krs.map((k) => k.chart)),
  ]);
  const images = new Map<Chart, string>();
  for (const chart of charts)
    images.set(chart, `data:image/png;base64,${(await renderPng(chart.spec)).data.toString('base64')}`);
  return images;
}
