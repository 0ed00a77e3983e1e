import { CONFIDENCE_LABEL } from '../domain/types.js';
import type { HeatRow, KrChartData, MixRow } from './specs.js';

/**
 * What each chart shows, in words: the image's alt text in Slack and the report, for screen
 * readers and for anyone whose client does not load images. Slack allows 2,000 characters.
 */

export const ALT_MAX = 2000;

function fit(text: string): string {
  return text.length <= ALT_MAX ? text : `${text.slice(0, ALT_MAX - 1)}…`;
}

/** Whole numbers from 100 up (6385 users), two decimals below (12.5 %). */
const num = (n: number) => String(Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100);

/** Runs of the same confidence: "on-track weeks 1–2, at-risk weeks 3–4". */
function confidenceRuns(cells: Array<{ week: number; label: string }>): string {
  const runs: Array<{ from: number; to: number; label: string }> = [];
  for (const c of cells) {
    const last = runs.at(-1);
    if (last && last.label === c.label && last.to === c.week - 1) last.to = c.week;
    else runs.push({ from: c.week, to: c.week, label: c.label });
  }
  return runs
    .map((r) => (r.from === r.to ? `${r.label} week ${r.from}` : `${r.label} weeks ${r.from}–${r.to}`))
    .join(', ');
}

export function krChartAlt(d: KrChartData): string {
  const unit = d.unit ? ` ${d.unit}` : '';
  const valued = d.points.filter((p) => p.value !== null);
  const parts = [
    `Line chart of ${d.key} (${d.title}): planned path from ${num(d.baseline)}${unit} at the start to the target ${num(d.target)}${unit} in week ${d.weeks}; mid-cycle review in week ${d.midWeek}.`,
  ];
  if (valued.length === 0) parts.push('No current value reported yet.');
  else {
    const first = valued[0]!;
    const last = valued.at(-1)!;
    const planned = d.baseline + ((d.target - d.baseline) * last.week) / d.weeks;
    const ahead = d.target >= d.baseline ? last.value! >= planned : last.value! <= planned;
    parts.push(
      valued.length === 1
        ? `Value ${num(last.value!)}${unit} in week ${last.week}, ${ahead ? 'on or ahead of' : 'behind'} the path (${num(planned)}${unit} planned).`
        : `Value went from ${num(first.value!)}${unit} in week ${first.week} to ${num(last.value!)}${unit} in week ${last.week}, ${ahead ? 'on or ahead of' : 'behind'} the path (${num(planned)}${unit} planned).`,
    );
  }
  if (d.points.length)
    parts.push(
      `Confidence: ${confidenceRuns(d.points.map((p) => ({ week: p.week, label: CONFIDENCE_LABEL[p.confidence] })))}.`,
    );
  else parts.push('No check-ins yet.');
  return fit(parts.join(' '));
}

export function heatStripAlt(what: string, rows: HeatRow[]): string {
  if (rows.length === 0) return fit(`${what}: no key results.`);
  const lines = rows.map((r) => {
    const answered = r.cells.filter((c) => c.confidence !== null);
    return answered.length === 0
      ? `${r.label} no check-ins`
      : `${r.label} ${confidenceRuns(r.cells.map((c) => ({ week: c.week, label: c.confidence === null ? 'no check-in' : CONFIDENCE_LABEL[c.confidence] })))}`;
  });
  return fit(`${what}, confidence week by week: ${lines.join('; ')}.`);
}

export function mixBarAlt(what: string, rows: MixRow[]): string {
  if (rows.length === 0) return fit(`${what}: no teams.`);
  const lines = rows.map((r) => {
    const parts = [`${r.counts[2]} on-track`, `${r.counts[1]} at-risk`, `${r.counts[0]} off-track`];
    if (r.counts.none) parts.push(`${r.counts.none} without a check-in`);
    return `${r.label} ${parts.join(', ')}`;
  });
  return fit(`${what}, key results by confidence: ${lines.join('; ')}.`);
}
