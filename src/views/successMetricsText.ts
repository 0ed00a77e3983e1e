import type { SuccessMetrics, Share } from '../domain/successMetrics.js';
import { safeText } from './blocks.js';

/**
 * The framework's metrics for success as lines of text: one wording for the cycle summary, the
 * leadership roll-up (mrkdwn) and the Markdown/HTML report (plain). Missing data says why.
 */

export function percent(s: Share): string {
  return s.value === null ? `— (${s.basis})` : `${Math.round(s.value * 100)} % (${s.basis})`;
}

function hours(h: number | null): string {
  if (h === null) return 'no timed answers';
  return h < 1
    ? `${Math.max(1, Math.round(h * 60))} min`
    : h < 48
      ? `${Math.round(h * 10) / 10} h`
      : `${Math.round(h / 24)} days`;
}

export interface MetricLine {
  label: string;
  value: string;
}

/** Label/value pairs, in the framework's order. `max` caps the per-owner/per-team lists. */
export function metricLines(m: SuccessMetrics, max = 12): MetricLine[] {
  const lines: MetricLine[] = [
    {
      label: 'Completion rate (graded ≥ 0.7)',
      value: `${percent(m.completion)}${m.completion.verdict ? ` — ${m.completion.verdict}` : ''}`,
    },
    { label: 'Confidence accuracy', value: percent(m.confidenceAccuracy) },
  ];
  for (const g of m.accuracyByTeam.slice(0, max)) lines.push({ label: `  team ${g.label}`, value: percent(g.share) });
  for (const g of m.accuracyByOwner.slice(0, max)) lines.push({ label: `  owner ${g.label}`, value: percent(g.share) });
  lines.push(
    { label: 'Work linkage', value: percent(m.workLinkage) },
    { label: 'Learning capture', value: percent(m.learningCapture) },
    { label: '  objectives', value: percent(m.objectiveLearning) },
    { label: 'Check-in answer rate', value: percent(m.answerRate) },
  );
  for (const h of m.checkinHealth.slice(0, max))
    lines.push({
      label: `  team ${h.team}`,
      value: `${percent(h.answerRate)} · median time to answer ${hours(h.medianHoursToAnswer)}`,
    });
  lines.push({
    label: 'OKR lint findings',
    value: m.lintFindings === null ? '— (not checked)' : m.lintFindings === 0 ? 'none' : String(m.lintFindings),
  });
  return lines;
}

/** As Slack mrkdwn lines (user text escaped). */
export function metricsMrkdwn(m: SuccessMetrics): string[] {
  return [
    '*Metrics for success*',
    ...metricLines(m).map((l) =>
      l.label.startsWith('  ')
        ? `    ◦ ${safeText(l.label.trim(), 120)}: ${safeText(l.value, 400)}`
        : `• ${l.label}: ${safeText(l.value, 400)}`,
    ),
  ];
}
