import type { CycleMetrics, Share } from '../domain/metrics.js';
import type { Confidence, KrInfo } from '../domain/types.js';
import { formatNumber, progressLine, trendStrip } from './format.js';

/** The cycle report as Markdown (`okrbot report`): for a wiki, or to print for the review. */

export interface ReportData {
  cycleName: string;
  dates: string;
  metrics: CycleMetrics;
  krs: KrInfo[];
  trends: ReadonlyMap<number, Array<Confidence | null>>;
  links: ReadonlyMap<number, Array<{ url: string; title: string | null }>>;
  decisions: string[];
}

const pct = (s: Share) => (s.value === null ? `— (${s.basis})` : `${Math.round(s.value * 100)} % (${s.basis})`);
const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderReportMarkdown(d: ReportData): string {
  const m = d.metrics;
  const out = [
    `# OKR report — ${d.cycleName}`,
    '',
    d.dates,
    '',
    '## Metrics for success',
    '',
    '| metric | result |',
    '| --- | --- |',
    `| completion rate (graded ≥ 0.7) | ${pct(m.completion)}${m.completion.verdict ? ` — ${m.completion.verdict}` : ''} |`,
    `| confidence accuracy | ${pct(m.confidenceAccuracy)} |`,
    `| work linkage | ${pct(m.workLinkage)} |`,
    `| learning capture | ${pct(m.learningCapture)} |`,
    `| check-in answer rate | ${pct(m.answerRate)} |`,
    '',
  ];
  for (const key of [...new Set(d.krs.map((k) => k.objectiveKey))]) {
    const krs = d.krs.filter((k) => k.objectiveKey === key);
    out.push(`## ${key} · ${cell(krs[0]!.objectiveTitle)}`, '', '| KR | owner | value | weekly confidence | grade | linked work |', '| --- | --- | --- | --- | --- | --- |');
    for (const k of krs) {
      const links = (d.links.get(k.id) ?? []).map((l) => `[${cell(l.title ?? l.url)}](${l.url})`).join(', ');
      out.push(
        `| **${k.key}** ${cell(k.title)}${k.status === 'stopped' ? ' _(stopped)_' : ''} | ${cell(k.ownerLabel ?? '—')} | ${cell(progressLine(k) ?? '—')} | ${trendStrip(d.trends.get(k.id) ?? [])} | ${k.grade === null ? '—' : formatNumber(k.grade)} | ${links || '—'} |`,
      );
    }
    const learned = krs.filter((k) => k.learning);
    if (learned.length) out.push('', '**What we learned**', '', ...learned.map((k) => `- ${k.key}: ${cell(k.learning!)}`));
    out.push('');
  }
  if (d.decisions.length) out.push('## Decisions', '', ...d.decisions.map((x) => `- ${cell(x)}`), '');
  return out.join('\n').trimEnd();
}
