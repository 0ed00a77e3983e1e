import type { Decision } from '../db/schema.js';
import type { CheckinInfo, Confidence, KrInfo } from '../domain/types.js';
import {
  actions,
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
import { plural, progressLine, trendStrip } from './text.js';

/** The mid-cycle decision prompt (team channel) and the decision modal. */

export const DECISION_ACTION = {
  open: (kind: Decision['kind']) => `decide:${kind}`,
  openPattern: /^decide:(double_down|pivot|stop)$/,
  confirm: 'decision:confirm',
  reject: 'decision:reject',
} as const;
export const DECISION_CALLBACK = 'decision_modal';
export const DECISION_FIELD = {
  rationale: { block: 'rationale', action: 'rationale_input' },
  newTitle: { block: 'new_title', action: 'new_title_input' },
  newTarget: { block: 'new_target', action: 'new_target_input' },
} as const;

export const DECISION_LABEL: Record<Decision['kind'], string> = {
  double_down: 'Double down',
  pivot: 'Pivot',
  stop: 'Stop',
  change: 'Changed',
};
export const DECISION_EMOJI: Record<Decision['kind'], string> = {
  double_down: '⏫',
  pivot: '↪️',
  stop: '⏹',
  change: '✏️',
};

export interface MidcycleItem {
  kr: KrInfo;
  latest: CheckinInfo;
  trend: Array<Confidence | null>;
  /** The latest decision or proposal on this KR, with who made it. */
  decision: (Decision & { byLabel: string | null }) | null;
}

export interface MidcycleData {
  teamName: string;
  cycleName: string;
  items: MidcycleItem[];
  others: { onTrack: number; noCheckin: number };
}

function decisionLine(d: NonNullable<MidcycleItem['decision']>): string {
  const who = d.byLabel ? safeText(d.byLabel, 60) : 'someone';
  const verb =
    d.status === 'proposed'
      ? `Proposed by ${who}`
      : d.status === 'rejected'
        ? `Proposal rejected (was ${who}'s)`
        : `Decided by ${who}`;
  return `${DECISION_EMOJI[d.kind]} *${DECISION_LABEL[d.kind]}* — ${verb}: ${safeText(d.rationale, 600)}`;
}

export function renderMidcyclePrompt(d: MidcycleData): { text: string; blocks: Block[] } {
  const blocks: Block[] = [
    header(`Mid-cycle review — ${d.teamName}`),
    context(
      `${safeText(d.cycleName, 80)} · For each key result below that is off-track or at-risk, decide: *double down*, *pivot* or *stop* — and log why. Anyone in the team may propose; the owner or an admin confirms.`,
    ),
  ];
  const room = Math.floor((LIMITS.messageBlocks - blocks.length - 2) / 2);
  for (const item of d.items.slice(0, room)) blocks.push(...promptItem(item));
  if (d.items.length > room)
    blocks.push(
      context(
        `…and ${d.items.length - room} more at risk — decide with \`/okr decide <KR> double-down|pivot|stop <why>\`.`,
      ),
    );
  if (d.items.length === 0)
    blocks.push(section('No key result is off-track or at-risk. Double down on what works. 🎉'));
  const others = d.others.onTrack + d.others.noCheckin;
  if (others > 0)
    blocks.push(
      context(
        `The other ${plural(others, 'key result')}: ${d.others.onTrack} on-track, ${d.others.noCheckin} without a recent check-in.`,
      ),
    );
  return {
    text: `Mid-cycle review for ${escapeMrkdwn(d.teamName)}: ${plural(d.items.length, 'key result')} to decide on.`,
    blocks,
  };
}

/** The DM asking a KR's owner to confirm or reject a proposal. */
export function renderProposalDm(
  kr: KrInfo,
  decision: Decision,
  proposerSlackId: string,
): { text: string; blocks: Block[] } {
  const value = JSON.stringify({ d: decision.id });
  const text = `<@${proposerSlackId}> proposes *${DECISION_LABEL[decision.kind]}* on your key result *${kr.key}* ${safeText(kr.title, 300)}:\n> ${safeText(decision.rationale, 1500)}`;
  return {
    text: `Proposal on ${escapeMrkdwn(kr.key)}: ${DECISION_LABEL[decision.kind]}`,
    blocks: [
      section(text),
      actions(`proposal:${decision.id}`, [
        button('Confirm', DECISION_ACTION.confirm, value, 'primary'),
        button('Reject', DECISION_ACTION.reject, value, 'danger'),
      ]),
    ],
  };
}

/** The same DM once the proposal is settled (by the owner, or an admin anywhere). */
export function renderProposalOutcome(kr: KrInfo, decision: Decision): { text: string; blocks: Block[] } {
  const accepted = decision.status === 'confirmed';
  return {
    text: `${accepted ? 'Confirmed' : 'Rejected'}: ${DECISION_LABEL[decision.kind]} on ${escapeMrkdwn(kr.key)}.`,
    blocks: [
      section(
        `${accepted ? '✅ Confirmed' : '✖️ Rejected'} *${DECISION_LABEL[decision.kind]}* on *${escapeMrkdwn(kr.key)}* — ${safeText(decision.rationale, 1500)}`,
      ),
    ],
  };
}

export interface DecisionModalMeta {
  krId: number;
  kind: Decision['kind'];
}

export function renderDecisionModal(kr: KrInfo, kind: Decision['kind'], willPropose: boolean): ModalView {
  const blocks: Block[] = [
    section(`${DECISION_EMOJI[kind]} *${DECISION_LABEL[kind]}* · *${kr.key}* ${safeText(kr.title, 500)}`),
    ...(willPropose
      ? [
          context(
            `You are not this KR's owner, so this is recorded as a *proposal*; ${kr.ownerLabel ? safeText(kr.ownerLabel, 80) : 'the owner'} or an admin confirms it.`,
          ),
        ]
      : []),
    {
      type: 'input',
      block_id: DECISION_FIELD.rationale.block,
      label: plain('Rationale'),
      hint: plain('Why? What did you learn? This goes in the decision log.'),
      element: {
        type: 'plain_text_input',
        action_id: DECISION_FIELD.rationale.action,
        multiline: true,
        max_length: LIMITS.inputMaxLength,
      },
    },
  ];
  if (kind === 'pivot') blocks.push(...pivotInputs(kr));
  return {
    type: 'modal',
    callback_id: DECISION_CALLBACK,
    title: plain(DECISION_LABEL[kind], LIMITS.modalTitle),
    submit: plain(willPropose ? 'Propose' : 'Decide', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify({ krId: kr.id, kind } satisfies DecisionModalMeta),
    blocks,
  };
}

/** One KR of the prompt: its state, and the buttons to decide (or confirm a proposal). */
function promptItem(item: MidcycleData['items'][number]): Block[] {
  const out: Block[] = [];
  const { kr, latest } = item;
  const progress = progressLine(kr);
  out.push(
    section(
      [
        `${scoreText(latest.confidence)} *${kr.key}* ${safeText(kr.title, 300)} — ${kr.ownerLabel ? safeText(kr.ownerLabel, 80) : 'no owner'}`,
        `*Evidence (week ${latest.week}):* ${safeText(latest.evidence, 800)}`,
        `${progress ? `${safeText(progress, 200)} · ` : ''}${trendStrip(item.trend)}`,
        ...(item.decision ? [decisionLine(item.decision)] : []),
      ].join('\n'),
      { block_id: `mid:kr:${kr.id}` },
    ),
  );
  const decided = item.decision?.status === 'confirmed' || kr.status === 'stopped';
  if (item.decision?.status === 'proposed') {
    const v = JSON.stringify({ d: item.decision.id });
    out.push(
      actions(`mid:act:${kr.id}`, [
        button('Confirm', DECISION_ACTION.confirm, v, 'primary'),
        button('Reject', DECISION_ACTION.reject, v, 'danger'),
      ]),
    );
  } else if (!decided) {
    const v = JSON.stringify({ k: kr.id });
    out.push(
      actions(`mid:act:${kr.id}`, [
        button('⏫ Double down', DECISION_ACTION.open('double_down'), v, 'primary'),
        button('↪️ Pivot', DECISION_ACTION.open('pivot'), v),
        button('⏹ Stop', DECISION_ACTION.open('stop'), v, 'danger'),
      ]),
    );
  }
  return out;
}

/** A pivot may give the KR a new title or target (an OKR file's validation applies). */
function pivotInputs(kr: KrInfo): Block[] {
  return [
    {
      type: 'input',
      block_id: DECISION_FIELD.newTitle.block,
      optional: true,
      label: plain('New title'),
      element: {
        type: 'plain_text_input',
        action_id: DECISION_FIELD.newTitle.action,
        max_length: 300,
        initial_value: kr.title.slice(0, 300),
      },
    },
    {
      type: 'input',
      block_id: DECISION_FIELD.newTarget.block,
      optional: true,
      label: plain(kr.unit ? `New target (${kr.unit})` : 'New target'),
      element: {
        type: 'number_input',
        action_id: DECISION_FIELD.newTarget.action,
        is_decimal_allowed: true,
        ...(kr.target !== null && { initial_value: String(kr.target) }),
      },
    },
  ];
}
