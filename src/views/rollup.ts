import type { Mix, RollupTeam } from '../domain/rollup.js';
import { CONFIDENCE_LABEL } from '../domain/types.js';
import type { SuccessMetrics } from '../domain/successMetrics.js';
import type { Rollup } from '../domain/rollup.js';
import { context, escapeMrkdwn, header, LIMITS, linesToSections, safeText, type Block } from './blocks.js';
import { answerRateText, CONFIDENCE_EMOJI, NO_CHECKIN_EMOJI, plural, timeToAnswerText } from './text.js';
import { DECISION_EMOJI, DECISION_LABEL } from './midcycle.js';
import { metricsMrkdwn } from './successMetricsText.js';

/** The leadership roll-up as Block Kit: every team and objective on one screen, chart on top. */

export function mixText(m: Mix): string {
  const parts = [`${CONFIDENCE_EMOJI[2]} ${m[2]}`, `${CONFIDENCE_EMOJI[1]} ${m[1]}`, `${CONFIDENCE_EMOJI[0]} ${m[0]}`];
  if (m.none) parts.push(`${NO_CHECKIN_EMOJI} ${m.none} without a check-in`);
  return parts.join(' · ');
}

function teamLines(t: RollupTeam): string[] {
  const lines = [`*${safeText(t.teamName, 80)}* — ${mixText(t.mix)}`];
  for (const o of t.objectives) lines.push(`    ${safeText(o.key, 20)} ${safeText(o.title, 120)} — ${mixText(o.mix)}`);
  if (t.drops.length)
    lines.push(
      `    ↘ Dropped: ${t.drops.map((d) => `${safeText(d.kr.key, 20)} ${CONFIDENCE_LABEL[d.from]} → ${CONFIDENCE_LABEL[d.to]}`).join(', ')}`,
    );
  for (const d of t.decisions)
    lines.push(
      `    ${DECISION_EMOJI[d.kind]} ${DECISION_LABEL[d.kind]} ${safeText(d.krKey, 20)}: ${safeText(d.rationale, 200)}`,
    );
  if (t.answerRate?.rate != null)
    lines.push(`    Answer rate: ${answerRateText(t.answerRate)} · ${timeToAnswerText(t.answerRate.medianHours)}`);
  if (t.missing.length)
    lines.push(
      `    ${NO_CHECKIN_EMOJI} No check-in: ${t.missing.map((k) => `${safeText(k.key, 20)}${k.ownerLabel ? ` (${safeText(k.ownerLabel, 60)})` : ''}`).join(', ')}`,
    );
  return lines;
}

export function renderRollup(d: RollupData): { text: string; blocks: Block[] } {
  const { rollup } = d;
  const title = d.metrics
    ? `Leadership roll-up — ${d.cycleName}, cycle end`
    : `Leadership roll-up — ${d.cycleName} week ${rollup.week}`;
  const teams = rollup.teams;
  const count = (f: (t: RollupTeam) => number) => teams.reduce((n, t) => n + f(t), 0);
  const totals = {
    offTrack: rollup.total[0],
    atRisk: rollup.total[1],
    drops: count((t) => t.drops.length),
    decisions: count((t) => t.decisions.length),
    missing: rollup.total.none,
  };
  const blocks: Block[] = [
    header(title),
    context(
      `${safeText(d.weekRange, 80)} · ${plural(teams.length, 'team')} · ${mixText(rollup.total)} · ${plural(totals.drops, 'drop')} · ${plural(totals.decisions, 'decision')} this week`,
    ),
  ];
  if (teams.length === 0) blocks.push(...linesToSections(['No team has key results this cycle.'], 1));
  const metrics = d.metrics ? metricsMrkdwn(d.metrics) : [];
  // One block is kept for the chart, and room for the metrics at the cycle's end.
  const room = LIMITS.messageBlocks - blocks.length - 1 - (metrics.length ? 2 : 0);
  blocks.push(
    ...linesToSections(
      teams.flatMap(teamLines),
      room,
      (n) => `…and ${n} more lines — \`/okr overview\` shows the same in a DM`,
    ),
  );
  if (metrics.length) blocks.push(...linesToSections(metrics, 2));
  const text = `${escapeMrkdwn(title)}: ${totals.offTrack} off-track, ${totals.atRisk} at-risk, ${totals.drops} dropped, ${totals.decisions} ${totals.decisions === 1 ? 'decision' : 'decisions'}, ${totals.missing} without a check-in across ${plural(teams.length, 'team')}.`;
  return { text, blocks };
}

/** What the leadership roll-up shows (gathered by services/rollup.ts). */
export interface RollupData {
  cycleName: string;
  weekRange: string;
  rollup: Rollup;
  /** The cycle-end roll-up (after grading): the metrics for success over every team. */
  metrics?: SuccessMetrics;
}
