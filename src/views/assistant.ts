import type { DigestSelection } from '../domain/digest.js';
import type { CheckinInfo, KrInfo } from '../domain/types.js';
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
    missing: d.missing.map(krJson),
    unreachable: d.unreachable.map(krJson),
    leftSlack: d.leftSlack.map(krJson),
    away: d.away.map((a) => ({ ...krJson(a.kr), until: a.until })),
    onTrack: d.onTrack,
    total: d.total,
    allGreen: d.allGreen,
  };
}
