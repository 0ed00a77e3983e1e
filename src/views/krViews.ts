import type { Decision } from '../db/schema.js';
import type { CheckinInfo, Confidence, KrInfo } from '../domain/types.js';
import { EDIT_KR_ACTION } from './editKrModal.js';
import {
  button,
  actions,
  context,
  header,
  LIMITS,
  linesToSections,
  safeText,
  section,
  type Block,
  escapeMrkdwn,
} from './blocks.js';
import { scoreText } from './checkinMessage.js';
import { formatNumber, plural, progressLine, trendStrip } from './text.js';

/** `/okr mine` and `/okr show`: ephemeral answers, within the 50-block message limit. */

export interface MineItem {
  kr: KrInfo;
  trend: Array<Confidence | null>;
  latest: CheckinInfo | null;
}

export function krLine(item: MineItem): string {
  const { kr, latest } = item;
  const status = kr.status === 'active' ? '' : ` _(${kr.status})_`;
  const score = latest ? `latest ${scoreText(latest.confidence)} (week ${latest.week})` : 'no check-in yet';
  const grade = kr.grade !== null ? ` · graded ${formatNumber(kr.grade)}` : '';
  return `*${kr.key}* ${safeText(kr.title, 250)}${status}\n${trendStrip(item.trend) || '—'} ${score}${grade}`;
}

export function renderMine(
  cycleName: string,
  week: number | null,
  items: MineItem[],
): { text: string; blocks: Block[] } {
  if (items.length === 0) {
    const text = `You own no key results in ${cycleName}.`;
    return { text: escapeMrkdwn(text), blocks: [section(safeText(text, 300))] };
  }
  const blocks: Block[] = [
    header(`Your key results — ${cycleName}`),
    context(
      `${week ? `Week ${week} · ` : ''}${plural(items.length, 'key result')} · trend: one dot per week, 🟢 2 on-track 🟡 1 at-risk 🔴 0 off-track ⚪ none`,
    ),
  ];
  const lines: string[] = [];
  let objective = '';
  for (const item of items) {
    if (item.kr.objectiveKey !== objective) {
      objective = item.kr.objectiveKey;
      lines.push(`\n*${item.kr.objectiveKey} · ${safeText(item.kr.objectiveTitle, 200)}*`);
    }
    lines.push(krLine(item));
  }
  blocks.push(...linesToSections(lines, LIMITS.messageBlocks - blocks.length, (n) => `…and ${n} more lines`));
  return { text: `Your key results in ${escapeMrkdwn(cycleName)}: ${items.length}.`, blocks };
}

export interface ShowData {
  kr: KrInfo;
  cycleName: string;
  checkins: CheckinInfo[];
  decisions: Array<Decision & { deciderLabel: string | null }>;
  weeks: number;
  /** Offer an Edit button (the reader is its owner or an admin). */
  editable?: boolean;
  /** Work linked to it (`/okr link`). */
  initiatives?: Array<{ url: string; title: string | null }>;
}

const DECISION_LABEL: Record<Decision['kind'], string> = {
  double_down: '⏫ Double down',
  pivot: '↪️ Pivot',
  stop: '⏹ Stop',
  change: '✏️ Changed',
};

export function renderShow(d: ShowData): { text: string; blocks: Block[] } {
  const { kr } = d;
  const progress = progressLine(kr);
  const blocks: Block[] = [
    header(`${kr.key} — ${kr.status}`),
    section(`*${safeText(kr.title, 500)}*\n${kr.objectiveKey} · ${safeText(kr.objectiveTitle, 300)}`),
    context(
      [
        `Owner: ${kr.ownerLabel ? safeText(kr.ownerLabel, 80) : 'none'}`,
        progress ? `Value: ${safeText(progress, 200)}` : null,
        kr.grade !== null ? `Grade: ${formatNumber(kr.grade)}` : null,
        safeText(d.cycleName, 80),
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    context(
      kr.measurement
        ? `📏 Measured by: ${safeText(kr.measurement, 1000)}`
        : '📏 No measurement plan yet: say where the number comes from with ✏️ Edit.',
    ),
  ];
  const history = [...d.checkins].sort((a, b) => b.week - a.week);
  const lines = history.map((c) => {
    const parts = [`*Week ${c.week}* ${scoreText(c.confidence)} — ${safeText(c.evidence, 800)}`];
    if (c.risks) parts.push(`   _Risks:_ ${safeText(c.risks, 300)}`);
    if (c.nextAction) parts.push(`   _Next:_ ${safeText(c.nextAction, 300)}`);
    if (c.value !== null) parts.push(`   _Value:_ ${formatNumber(c.value)}`);
    return parts.join('\n');
  });
  const decisions = [...d.decisions]
    .sort((a, b) => b.decidedAt.localeCompare(a.decidedAt))
    .map(
      (x) =>
        `${DECISION_LABEL[x.kind]} — ${safeText(x.rationale, 600)} _(${x.deciderLabel ? safeText(x.deciderLabel, 60) : 'unknown'}, ${x.decidedAt.slice(0, 10)})_`,
    );
  if (d.initiatives?.length) {
    const line = (i: { url: string; title: string | null }) =>
      /[<>|\s]/.test(i.url)
        ? `• ${safeText(i.title ?? i.url, 300)} (${safeText(i.url, 500)})`
        : `• <${i.url}|${safeText(i.title ?? i.url, 300)}>`;
    blocks.push(...linesToSections(['*Linked work*', ...d.initiatives.map(line)], 2));
  }
  if (d.editable) blocks.push(actions(`kr:${kr.id}:edit`, [button('✏️ Edit', EDIT_KR_ACTION, kr.key)]));
  const budget = LIMITS.messageBlocks - blocks.length;
  if (decisions.length) blocks.push(...linesToSections(['*Decisions*', ...decisions], Math.min(5, budget - 2)));
  blocks.push(
    ...linesToSections(
      lines.length ? ['*Weekly check-ins*', ...lines] : ['_No check-ins yet._'],
      LIMITS.messageBlocks - blocks.length,
      (n) => `…and ${n} earlier weeks`,
    ),
  );
  return { text: `${kr.key}: ${history.length} check-ins, ${decisions.length} decisions.`, blocks };
}
