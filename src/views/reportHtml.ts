import { CONFIDENCE_LABEL } from '../domain/types.js';
import type { Chart } from '../charts/chart.js';
import type { ReportData, ReportKr } from './report.js';
import { CONFIDENCE_COLOUR } from '../charts/specs.js';
import { formatNumber, formatValue, progressLine } from './text.js';
import { metricLines } from './successMetricsText.js';

/**
 * The cycle report as one self-contained HTML file: charts are embedded as PNG data URIs and the
 * styles are inline, so it opens offline, mails as one attachment and prints cleanly for the
 * end-of-cycle review. Every piece of user text is escaped.
 */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeHtml;
/** Only http(s) links become links; anything else (javascript:, data:) is shown as text. */
const safeUrl = (url: string) => (/^https?:\/\//i.test(url) ? e(url) : null);

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d2329;max-width:1000px;margin:2rem auto;padding:0 1.25rem}
h1{font-size:1.7rem;margin:0}h2{margin-top:2.2rem;border-bottom:2px solid #e3e7eb;padding-bottom:.3rem}h3{margin:1.6rem 0 .4rem}h4{margin:1.2rem 0 .3rem}
.muted{color:#5b6670}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #dde2e6;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f6f8}td.sub{padding-left:1.6rem;color:#3d4751}figure{margin:.6rem 0}figure img{max-width:100%;height:auto;border:1px solid #eef1f3}
figcaption{font-size:.85rem;color:#5b6670}.dot{display:inline-block;width:.75em;height:.75em;border-radius:50%;margin-right:.35em;vertical-align:baseline}
article.kr{break-inside:avoid;border-top:1px solid #eef1f3;padding-top:.4rem}@media print{body{margin:0;max-width:none}h2{break-before:page}section#metrics h2{break-before:auto}a{color:inherit}}
`;

function figure(chart: Chart | null, images: ReadonlyMap<Chart, string>): string {
  const src = chart ? images.get(chart) : undefined;
  if (!chart || !src) return '';
  return `<figure><img class="chart" src="${src}" alt="${e(chart.alt)}"><figcaption>${e(chart.title)}</figcaption></figure>`;
}

function krArticle(r: ReportKr, images: ReadonlyMap<Chart, string>): string {
  const { kr } = r;
  const progress = progressLine(kr);
  const facts = [
    `owner ${e(kr.ownerLabel ?? 'none')}`,
    progress ? e(progress) : null,
    kr.grade === null ? 'not graded' : `grade <strong>${formatNumber(kr.grade)}</strong>`,
    kr.status !== 'active' ? `<em>${kr.status}</em>` : null,
  ].filter(Boolean);
  const rows = r.checkins
    .map(
      (c) =>
        `<tr><td>${c.week}</td><td><span class="dot" style="background:${CONFIDENCE_COLOUR[c.confidence]}"></span>${c.confidence} ${CONFIDENCE_LABEL[c.confidence]}</td><td>${c.value === null ? '—' : e(formatValue(c.value, kr.unit))}</td><td>${e(c.evidence)}${c.risks ? `<br><span class="muted">Risks: ${e(c.risks)}</span>` : ''}</td></tr>`,
    )
    .join('');
  const links = r.links
    .map((l) =>
      safeUrl(l.url)
        ? `<li><a href="${safeUrl(l.url)}">${e(l.title ?? l.url)}</a></li>`
        : `<li>${e(l.title ?? l.url)}</li>`,
    )
    .join('');
  return [
    `<article class="kr" id="${e(kr.key)}"><h4>${e(kr.key)} · ${e(kr.title)}</h4>`,
    `<p class="muted">${facts.join(' · ')}${kr.measurement ? ` · measured by ${e(kr.measurement)}` : ''}</p>`,
    figure(r.chart, images),
    rows
      ? `<table class="weekly"><thead><tr><th>week</th><th>confidence</th><th>value</th><th>evidence</th></tr></thead><tbody>${rows}</tbody></table>`
      : '<p class="muted">No check-ins.</p>',
    links ? `<p>Linked work:</p><ul>${links}</ul>` : '',
    r.decisions.length ? `<p>Decisions:</p><ul>${r.decisions.map((d) => `<li>${e(d)}</li>`).join('')}</ul>` : '',
    kr.learning ? `<p><strong>What we learned:</strong> ${e(kr.learning)}</p>` : '',
    '</article>',
  ].join('');
}

/** `images`: each chart's `data:image/png;base64,…` (charts missing from it are left out). */
export function renderReportHtml(d: ReportData, images: ReadonlyMap<Chart, string>): string {
  const metrics = metricLines(d.metrics)
    .map(
      (l) =>
        `<tr><td${l.label.startsWith('  ') ? ' class="sub"' : ''}>${e(l.label.trim())}</td><td>${e(l.value)}</td></tr>`,
    )
    .join('');
  const tree = d.teams
    .map((t) => {
      const objectives = t.objectives
        .map((o) => `<h3>${e(o.key)} · ${e(o.title)}</h3>${o.krs.map((k) => krArticle(k, images)).join('')}`)
        .join('');
      return `<section class="team"><h2>${e(t.name)}</h2>${figure(t.chart, images)}${objectives || '<p class="muted">No key results.</p>'}</section>`;
    })
    .join('');
  const decisions = d.decisions.length
    ? `<section id="decisions"><h2>Decisions</h2><ul>${d.decisions.map((x) => `<li>${e(x)}</li>`).join('')}</ul></section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>OKR report — ${e(d.cycleName)}</title><style>${STYLE}</style></head>
<body><header><h1>OKR report — ${e(d.cycleName)}</h1><p class="muted">${e(d.dates)}</p></header>
<section id="metrics"><h2>Metrics for success</h2><table class="metrics"><thead><tr><th>metric</th><th>result</th></tr></thead><tbody>${metrics}</tbody></table></section>
${tree}${decisions}
<footer class="muted"><p>Made by okrbot from the check-ins, decisions and grades it holds.</p></footer></body></html>
`;
}
