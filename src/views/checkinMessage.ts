import type { PathProjection } from '../domain/path.js';
import { dmValueLine, pathHint } from './values.js';
import type { CheckinInfo, Confidence, KrInfo } from '../domain/types.js';
import { CONFIDENCE_LABEL } from '../domain/types.js';
import { actions, button, context, header, safeText, section, type Block, type Button } from './blocks.js';
import { CONFIDENCE_EMOJI, plural, progressLine, streakText } from './text.js';

/**
 * The weekly check-in DM: one message per owner per week listing all their active KRs, each with
 * three buttons (or, once answered, ✅ and Edit). Long lists are paginated in place.
 */

export const KRS_PER_PAGE = 20;

export const ACTION = {
  score: (c: Confidence) => `checkin:score:${c}`,
  scorePattern: /^checkin:score:[012]$/,
  edit: 'checkin:edit',
  same: 'checkin:same',
  page: 'checkin:page',
  homeCheckin: 'home:checkin',
} as const;

export const SCORE_BUTTON: Record<Confidence, string> = { 0: '🔴 0 Off-track', 1: '🟡 1 At-risk', 2: '🟢 2 On-track' };

/** Compact payload carried by buttons: KR id, week, optional confidence and page. */
export interface ButtonPayload {
  k?: number;
  w: number;
  c?: Confidence;
  p?: number;
}
export const encodePayload = (p: ButtonPayload) => JSON.stringify(p);

export interface CheckinMessageItem {
  kr: KrInfo;
  /** Last week's check-in, for context. */
  previous: CheckinInfo | null;
  /** This week's, once answered. */
  current: CheckinInfo | null;
  /** The latest read of the KR's source, when it has one (services/krValues.ts). */
  measured?: MeasuredValue | null;
  /** Where its measured values are heading (two weeks of values or more). */
  path?: PathProjection | null;
  /** Offer "Same as last week" (domain/carryOver.ts). */
  sameAsLast?: boolean;
}

export interface MeasuredValue {
  value: number | null;
  error: string | null;
  readAt: string;
  /** Where it was read: "Prometheus", "SQL (METRICS_DB_URL)", a host. */
  label: string;
}

export interface CheckinMessageData {
  cycleName: string;
  week: number;
  weekRange: string;
  items: CheckinMessageItem[];
  page?: number;
  /** Set when the DM goes out more than a day after it was due. */
  lateNote?: string;
  /** When the message is drawn: how old a measured value is ("2 h ago"). */
  now?: Date;
  /** The owner's on-time streak before this week (domain/answering.ts). */
  streak?: number;
}

export const scoreText = (c: Confidence) => `${CONFIDENCE_EMOJI[c]} ${c} ${CONFIDENCE_LABEL[c]}`;

export function pageCount(items: number): number {
  return Math.max(1, Math.ceil(items / KRS_PER_PAGE));
}

/** The page on which a KR appears. */
export function pageOf(items: CheckinMessageItem[], krId: number): number {
  const i = items.findIndex((it) => it.kr.id === krId);
  return i < 0 ? 0 : Math.floor(i / KRS_PER_PAGE);
}

function itemBlocks(item: CheckinMessageItem, week: number, page: number, now: Date): Block[] {
  const { kr, previous, current, measured, path } = item;
  const title = `*${kr.key}* ${safeText(kr.title, 300)}`;
  if (current) {
    return [
      section(
        `✅ ${title}\n${scoreText(current.confidence)} — ${safeText(current.evidence, 300)}${current.carriedOver ? ' _(same as last week)_' : ''}`,
        {
          block_id: `kr:${kr.id}:done`,
        },
      ),
      actions(`kr:${kr.id}`, [button('Edit', ACTION.edit, encodePayload({ k: kr.id, w: week, p: page }))]),
    ];
  }
  // A biweekly team's last check-in was two weeks ago: say which week.
  const lastWhen = kr.cadence === 'biweekly' ? 'Last check-in' : 'Last week';
  const last = previous
    ? `${lastWhen}${previous.week === week - 1 ? '' : ` (week ${previous.week})`}: ${scoreText(previous.confidence)}`
    : kr.cadence === 'biweekly'
      ? 'No check-in last time'
      : 'No check-in last week';
  const progress = measured ? null : progressLine(kr);
  const value = measured ? `\n${safeText(dmValueLine(kr, measured, measured.label, now), 300)}` : '';
  const hint = path ? `\n_${pathHint(kr, path)}_` : '';
  return [
    section(`${title}\n${last}${progress ? ` · ${safeText(progress, 200)}` : ''}${value}${hint}`, {
      block_id: `kr:${kr.id}:ask`,
    }),
    actions(`kr:${kr.id}`, [
      ...([0, 1, 2] as const).map((c) =>
        button(
          SCORE_BUTTON[c],
          ACTION.score(c),
          encodePayload({ k: kr.id, w: week, c, p: page }),
          c === 2 ? 'primary' : undefined,
        ),
      ),
      ...(item.sameAsLast && previous
        ? [
            button(
              `↺ Same as last week (${previous.confidence})`,
              ACTION.same,
              encodePayload({ k: kr.id, w: week, p: page }),
            ),
          ]
        : []),
    ]),
  ];
}

export function renderCheckinMessage(data: CheckinMessageData): { text: string; blocks: Block[] } {
  const pages = pageCount(data.items.length);
  const page = Math.min(Math.max(data.page ?? 0, 0), pages - 1);
  const shown = data.items.slice(page * KRS_PER_PAGE, (page + 1) * KRS_PER_PAGE);
  const answered = data.items.filter((i) => i.current).length;
  const blocks: Block[] = [
    header(`Weekly check-in — week ${data.week}`),
    context(
      `${safeText(data.cycleName, 80)} · ${data.weekRange} · How confident are you in each key result? *0* off-track, *1* at-risk, *2* on-track — with your evidence.${
        data.lateNote ? ` ${safeText(data.lateNote, 300)}` : ''
      }`,
    ),
  ];
  for (const item of shown) blocks.push(...itemBlocks(item, data.week, page, data.now ?? new Date()));
  if (pages > 1) {
    const nav: Button[] = [];
    if (page > 0) nav.push(button('◀ Previous', `${ACTION.page}:prev`, encodePayload({ w: data.week, p: page - 1 })));
    if (page < pages - 1)
      nav.push(button('Next ▶', `${ACTION.page}:next`, encodePayload({ w: data.week, p: page + 1 })));
    blocks.push(
      context(
        `Key results ${page * KRS_PER_PAGE + 1}–${page * KRS_PER_PAGE + shown.length} of ${data.items.length} · ${plural(data.items.length - answered, 'more to answer', 'more to answer')}`,
      ),
    );
    blocks.push(actions('pages', nav));
  }
  const streak = streakText(data.streak);
  blocks.push(
    context(
      `Or reply here in one line: \`O1-KR2 1 adoption 30% below target\` (KR id, score, evidence).${streak ? ` · ${streak}` : ''}`,
    ),
  );
  const text =
    answered === data.items.length
      ? `Week ${data.week} check-in done: ${plural(answered, 'key result')} answered. Thank you!`
      : `Weekly check-in, week ${data.week}: ${plural(data.items.length - answered, 'key result')} to answer.`;
  return { text, blocks };
}

/** Why "Same as last week" stored nothing. */
export const CARRY_OVER_REFUSAL = {
  already_answered: {
    title: 'Already answered',
    text: 'You already answered this key result this week. Use Edit to change the answer.',
  },
  nothing_to_carry: {
    title: 'Nothing to carry over',
    text: 'There is no answer from last time, or no value from its source this week. Answer with the score buttons.',
  },
} as const;
