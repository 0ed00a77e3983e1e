import type { DigestSelection } from '../domain/digest.js';
import type { CheckinInfo, Confidence, KrInfo } from '../domain/types.js';
import type { MineItem } from './krViews.js';

/**
 * What an AI assistant reads (src/mcp): Slack's mrkdwn turned into plain Markdown, and the same data
 * as JSON. Field names are part of the tools' contract: assistants' prompts rely on them.
 */

/** Slack mrkdwn → Markdown: entities decoded, links and mentions spelled out, *bold* as **bold**. */
export function markdownOf(mrkdwn: string): string {
  return mrkdwn
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '[$2]($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/<@([UW][A-Z0-9]+)>/g, '@$1')
    .replace(/<#C[A-Z0-9]+\|([^>]+)>/g, '#$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s).,:;!?]|$)/gm, '$1**$2**')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const SCORE = ['off track', 'at risk', 'on track'] as const;

/** A score as assistants read it: "at risk". */
export const scoreWords = (c: Confidence): string => SCORE[c];

export function checkinJson(c: CheckinInfo) {
  return {
    week: c.week,
    score: c.confidence,
    scoreText: SCORE[c.confidence],
    evidence: c.evidence,
    risks: c.risks,
    nextAction: c.nextAction,
    value: c.value,
  };
}

export function krJson(kr: KrInfo) {
  return {
    id: kr.key,
    title: kr.title,
    objective: { id: kr.objectiveKey, title: kr.objectiveTitle },
    owner: kr.ownerLabel,
    status: kr.status,
    baseline: kr.baseline,
    target: kr.target,
    unit: kr.unit,
    value: kr.currentValue,
    measurement: kr.measurement,
    grade: kr.grade,
  };
}

export function krItemJson(item: MineItem) {
  return {
    ...krJson(item.kr),
    latest: item.latest ? checkinJson(item.latest) : null,
    trend: item.trend,
  };
}

export function digestJson(d: DigestSelection) {
  const item = (i: DigestSelection['offTrack'][number]) => ({ ...krJson(i.kr), latest: checkinJson(i.checkin) });
  return {
    week: d.week,
    offTrack: d.offTrack.map(item),
    atRisk: d.atRisk.map(item),
    drops: d.drops.map(item),
    silentGreens: d.silentGreens.map(item),
    offPath: d.offPath.map((i) => ({ ...item(i), path: i.path })),
    missing: d.missing.map(krJson),
    unreachable: d.unreachable.map(krJson),
    leftSlack: d.leftSlack.map(krJson),
    away: d.away.map((a) => ({ ...krJson(a.kr), until: a.until || null })),
    onTrack: d.onTrack,
    total: d.total,
    allGreen: d.allGreen,
  };
}

/** A Key Result for an assistant: what it is, each week's check-in with its evidence, decisions, linked work. */
export function krDetailMarkdown(d: {
  cycleName: string;
  kr: KrInfo;
  checkins: CheckinInfo[];
  decisions: Array<{ kind: string; status: string; rationale: string; decidedAt: string }>;
  initiatives: Array<{ url: string; title: string | null }>;
}): string {
  const { kr } = d;
  const range =
    kr.baseline !== null && kr.target !== null ? `${kr.baseline} → ${kr.target}${kr.unit ? ` ${kr.unit}` : ''}` : null;
  const lines = [
    `## ${kr.key} ${kr.title}`,
    `Objective ${kr.objectiveKey}: ${kr.objectiveTitle}. Owner: ${kr.ownerLabel ?? 'none'}. Status: ${kr.status}. Cycle ${d.cycleName}.`,
    ...(range ? [`Baseline → target: ${range}${kr.currentValue !== null ? `; now ${kr.currentValue}` : ''}.`] : []),
    ...(kr.measurement ? [`Measured by: ${kr.measurement}`] : []),
    '',
    '### Check-ins',
    ...(d.checkins.length
      ? d.checkins.map((c) => {
          const extra = [
            c.risks && `risks: ${c.risks}`,
            c.nextAction && `next: ${c.nextAction}`,
            c.value !== null && `value: ${c.value}`,
          ];
          const more = extra.filter(Boolean).join('; ');
          return `- Week ${c.week} — ${SCORE[c.confidence]}: ${c.evidence}${more ? ` (${more})` : ''}`;
        })
      : ['- none yet']),
    ...(d.decisions.length
      ? [
          '',
          '### Decisions',
          ...d.decisions.map(
            (x) => `- ${x.decidedAt.slice(0, 10)} ${x.kind.replace('_', ' ')} (${x.status}): ${x.rationale}`,
          ),
        ]
      : []),
    ...(d.initiatives.length
      ? ['', '### Linked work', ...d.initiatives.map((i) => `- ${i.title ?? i.url} (${i.url})`)]
      : []),
  ];
  return lines.join('\n');
}
