import type { SuccessMetrics } from '../domain/successMetrics.js';
import { metricsMrkdwn } from './successMetricsText.js';
import type { CheckinInfo, Confidence, KrInfo } from '../domain/types.js';
import {
  linesToSections,
  button,
  context,
  header,
  LIMITS,
  plain,
  safeText,
  section,
  type Block,
  type ModalView,
  escapeMrkdwn,
} from './blocks.js';
import { scoreText } from './checkinMessage.js';
import { formatNumber, plural, trendStrip } from './text.js';

/** End of cycle: the grading DM, the grade modal and the team's cycle summary. */

export const GRADE_ACTION = 'grade:open';
export const GRADE_CALLBACK = 'grade_modal';
export const GRADE_FIELD = { block: 'grade', action: 'grade_input' } as const;
export const LEARNING_FIELD = { block: 'learning', action: 'learning_input' } as const;

export interface GradeItem {
  kr: KrInfo;
  trend: Array<Confidence | null>;
  last: CheckinInfo | null;
}

export function renderGradeRequest(cycleName: string, items: GradeItem[]): { text: string; blocks: Block[] } {
  const blocks: Block[] = [
    header(`Grade your key results — ${cycleName}`),
    context(
      'The cycle has ended. Grade each key result from *0.0* to *1.0* (how much of the target you reached). Your objective scores are the mean of their KRs.',
    ),
  ];
  const room = LIMITS.messageBlocks - blocks.length - 1;
  for (const item of items.slice(0, room)) {
    const { kr, last } = item;
    const graded = kr.grade !== null;
    blocks.push(
      section(
        [
          `${graded ? '✅ ' : ''}*${kr.key}* ${safeText(kr.title, 300)}`,
          `${trendStrip(item.trend)}${last ? ` · last: ${scoreText(last.confidence)} — ${safeText(last.evidence, 300)}` : ''}`,
          ...(graded ? [`Graded *${formatNumber(kr.grade!)}*`] : []),
        ].join('\n'),
        {
          block_id: `grade:kr:${kr.id}`,
          accessory: button(
            graded ? 'Change grade' : 'Grade',
            GRADE_ACTION,
            JSON.stringify({ k: kr.id }),
            graded ? undefined : 'primary',
          ),
        },
      ),
    );
  }
  if (items.length > room) blocks.push(context(`…and ${items.length - room} more — \`/okr grade <KR> <0.0–1.0>\`.`));
  const left = items.filter((i) => i.kr.grade === null).length;
  return {
    text: left
      ? `Cycle ${escapeMrkdwn(cycleName)} has ended: ${plural(left, 'key result')} to grade.`
      : `All ${items.length} key results graded. Thank you!`,
    blocks,
  };
}

export function renderGradeModal(item: GradeItem): ModalView {
  const { kr, last } = item;
  return {
    type: 'modal',
    callback_id: GRADE_CALLBACK,
    title: plain('Grade', LIMITS.modalTitle),
    submit: plain('Save', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify({ krId: kr.id }),
    blocks: [
      section(`*${kr.key}* ${safeText(kr.title, 500)}`),
      context(`Trend: ${trendStrip(item.trend)}`),
      ...(last
        ? [
            section(
              `*Last check-in (week ${last.week}):* ${scoreText(last.confidence)}\n> ${safeText(last.evidence, 2000)}`,
            ),
          ]
        : []),
      {
        type: 'input',
        block_id: GRADE_FIELD.block,
        label: plain('Grade (0.0–1.0)'),
        hint: plain('0.7 means you reached about 70% of the way from baseline to target.'),
        element: {
          type: 'number_input',
          action_id: GRADE_FIELD.action,
          is_decimal_allowed: true,
          min_value: '0',
          max_value: '1',
          ...(kr.grade !== null && { initial_value: String(kr.grade) }),
        },
      },
      {
        type: 'input',
        block_id: LEARNING_FIELD.block,
        optional: true,
        label: plain('What worked, what didn’t?'),
        hint: plain('Goes into the cycle summary and the decision log, for the next cycle.'),
        element: {
          type: 'plain_text_input',
          action_id: LEARNING_FIELD.action,
          multiline: true,
          max_length: LIMITS.inputMaxLength,
          ...(kr.learning && { initial_value: kr.learning.slice(0, LIMITS.inputMaxLength) }),
        },
      },
    ],
  };
}

export interface SummaryRow {
  kr: KrInfo;
  meanConfidence: number | null;
  calibration: string;
  /** For a stopped KR, the week it was stopped in. */
  stoppedWeek: number | null;
}

export interface SummaryData {
  teamName: string;
  cycleName: string;
  objectives: Array<{ key: string; title: string; score: number | null; rows: SummaryRow[] }>;
  decisions: string[];
  /** What worked and what did not, per KR (already escaped). */
  learnings?: string[];
  /** The framework's metrics for success for this team's KRs. */
  metrics?: SuccessMetrics;
}

export function renderCycleSummary(d: SummaryData): { text: string; blocks: Block[] } {
  const blocks: Block[] = [
    header(`Cycle summary — ${d.teamName}`),
    context(
      `${safeText(d.cycleName, 80)} · grades 0.0–1.0 · objective score = mean of its KRs · calibration = mean weekly confidence vs grade`,
    ),
  ];
  const budget = LIMITS.messageBlocks - 3;
  for (const o of d.objectives) {
    if (blocks.length >= budget) break;
    const lines = [
      `*${o.key} · ${safeText(o.title, 300)}* — score *${o.score === null ? '—' : formatNumber(o.score)}*`,
    ];
    for (const r of o.rows) {
      const grade = r.kr.grade === null ? 'not graded' : `grade *${formatNumber(r.kr.grade)}*`;
      const conf = r.meanConfidence === null ? '' : ` · confidence ${formatNumber(r.meanConfidence)}`;
      const outcome =
        r.kr.status === 'stopped'
          ? `_stopped${r.stoppedWeek ? ` at week ${r.stoppedWeek}` : ''}_${conf}`
          : `${grade}${conf} → _${r.calibration}_`;
      lines.push(`• *${r.kr.key}* ${safeText(r.kr.title, 200)} — ${outcome}`);
    }
    blocks.push(section(lines.join('\n')));
  }
  if (d.decisions.length) blocks.push(section(['*Decisions taken*', ...d.decisions].join('\n')));
  if (d.metrics && blocks.length < LIMITS.messageBlocks - 3)
    blocks.push(...linesToSections(metricsMrkdwn(d.metrics), 1));
  if (d.learnings?.length && blocks.length < LIMITS.messageBlocks - 2)
    blocks.push(...linesToSections(['*What we learned*', ...d.learnings], 2));
  return { text: `Cycle summary for ${escapeMrkdwn(d.teamName)}, ${escapeMrkdwn(d.cycleName)}.`, blocks };
}
