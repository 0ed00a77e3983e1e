import type { ReportData } from './report.js';
import { formatNumber, progressLine, trendStrip } from './text.js';
import { metricLines } from './successMetricsText.js';

/** The cycle report as Markdown (`okrbot report`): for a wiki, or to print for the review. */

const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderReportMarkdown(d: ReportData): string {
  const out = [
    `# OKR report — ${d.cycleName}`,
    '',
    d.dates,
    '',
    '## Metrics for success',
    '',
    '| metric | result |',
    '| --- | --- |',
  ];
  for (const l of metricLines(d.metrics))
    out.push(`| ${l.label.startsWith('  ') ? `↳ ${cell(l.label.trim())}` : cell(l.label)} | ${cell(l.value)} |`);
  out.push('');
  for (const team of d.teams) {
    for (const o of team.objectives) {
      out.push(
        `## ${o.key} · ${cell(o.title)} (${cell(team.name)})`,
        '',
        '| KR | owner | value | weekly confidence | grade | linked work |',
        '| --- | --- | --- | --- | --- | --- |',
      );
      for (const { kr, trend, links } of o.krs) {
        const linked = links.map((l) => `[${cell(l.title ?? l.url)}](${l.url})`).join(', ');
        out.push(
          `| **${kr.key}** ${cell(kr.title)}${kr.status === 'stopped' ? ' _(stopped)_' : ''} | ${cell(kr.ownerLabel ?? '—')} | ${cell(progressLine(kr) ?? '—')} | ${trendStrip(trend)} | ${kr.grade === null ? '—' : formatNumber(kr.grade)} | ${linked || '—'} |`,
        );
      }
      const learned = o.krs.filter((k) => k.kr.learning);
      if (learned.length)
        out.push('', '**What we learned**', '', ...learned.map((k) => `- ${k.kr.key}: ${cell(k.kr.learning!)}`));
      out.push('');
    }
  }
  if (d.decisions.length) out.push('## Decisions', '', ...d.decisions.map((x) => `- ${cell(x)}`), '');
  return out.join('\n').trimEnd();
}
