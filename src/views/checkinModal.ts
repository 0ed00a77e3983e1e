import type { MeasuredValue } from './checkinMessage.js';
import { dmValueLine } from './values.js';
import type { CheckinInfo, Confidence, KrInfo } from '../domain/types.js';
import { context, LIMITS, plain, safeText, section, type Block, type ModalView } from './blocks.js';
import { formatNumber, progressLine } from './text.js';
import { scoreText, SCORE_BUTTON } from './checkinMessage.js';

/**
 * The check-in modal: this week's answer when editing, else last week's answer prefilled (score,
 * evidence, risks, next action, value — all editable), so an unchanged week is two clicks.
 */

export const CHECKIN_CALLBACK = 'checkin_modal';

export const FIELD = {
  confidence: { block: 'confidence', action: 'confidence_input' },
  evidence: { block: 'evidence', action: 'evidence_input' },
  risks: { block: 'risks', action: 'risks_input' },
  nextAction: { block: 'next_action', action: 'next_action_input' },
  value: { block: 'value', action: 'value_input' },
} as const;

/** What the modal remembers between open and submit. */
export interface CheckinModalMeta {
  krId: number;
  week: number;
}

export interface CheckinModalData {
  kr: KrInfo;
  week: number;
  weekRange: string;
  confidence: Confidence | null;
  previous: CheckinInfo | null;
  current: CheckinInfo | null;
  /** The latest read of the KR's source: prefills the value until the owner gives their own. */
  measured?: MeasuredValue | null;
  now?: Date;
  meta: CheckinModalMeta;
}

const option = (c: Confidence) => ({ text: plain(SCORE_BUTTON[c], LIMITS.optionText), value: String(c) });

export function renderCheckinModal(data: CheckinModalData): ModalView {
  const { kr, current, previous, measured } = data;
  // What the form starts from: this week's answer, else last week's.
  const start = current ?? previous;
  // The value: the owner's own this week; else what the source said (the owner may override it).
  const sourced = !current && measured?.value !== null && measured?.value !== undefined ? measured : null;
  const value = sourced ? sourced.value : (start?.value ?? null);
  const preselected = data.confidence ?? start?.confidence ?? null;
  const progress = progressLine(kr);
  const blocks: Block[] = [
    section(`*${kr.key}* ${safeText(kr.title, 500)}`),
    context(`Week ${data.week} · ${data.weekRange}${progress ? ` · ${safeText(progress, 200)}` : ''}`),
  ];
  if (!current && previous) {
    blocks.push(
      context(
        `Prefilled from last week's answer (${scoreText(previous.confidence)}): change what moved, keep what did not.`,
      ),
    );
  }
  blocks.push(
    {
      type: 'input',
      block_id: FIELD.confidence.block,
      label: plain('Confidence'),
      element: {
        type: 'radio_buttons',
        action_id: FIELD.confidence.action,
        options: ([2, 1, 0] as const).map(option),
        ...(preselected !== null && { initial_option: option(preselected) }),
      },
    },
    textField(FIELD.evidence, 'Evidence', start?.evidence, {
      multiline: true,
      hint: 'What do you see that makes you this confident? Numbers, feedback, results.',
    }),
    textField(FIELD.risks, 'Risks', start?.risks, { optional: true, multiline: true }),
    textField(FIELD.nextAction, 'Next action', start?.nextAction, { optional: true }),
    valueField(kr, value, measured ?? null, data.now ?? new Date()),
  );
  return {
    type: 'modal',
    callback_id: CHECKIN_CALLBACK,
    title: plain(current ? 'Edit check-in' : 'Check in', LIMITS.modalTitle),
    submit: plain('Save', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify(data.meta),
    blocks,
  };
}

/** A text answer of the form, prefilled with what was given before (cut to what the input holds). */
function textField(
  field: { block: string; action: string },
  label: string,
  initial: string | null | undefined,
  o: { optional?: boolean; multiline?: boolean; hint?: string } = {},
): Block {
  return {
    type: 'input',
    block_id: field.block,
    ...(o.optional && { optional: true }),
    label: plain(label),
    ...(o.hint && { hint: plain(o.hint) }),
    element: {
      type: 'plain_text_input',
      action_id: field.action,
      ...(o.multiline && { multiline: true }),
      max_length: LIMITS.inputMaxLength,
      ...(initial && { initial_value: initial.slice(0, LIMITS.inputMaxLength) }),
    },
  };
}

/** The optional value input: prefilled, with where a measured value came from as its hint. */
function valueField(kr: KrInfo, value: number | null, measured: MeasuredValue | null, now: Date): Block {
  return {
    type: 'input',
    block_id: FIELD.value.block,
    optional: true,
    label: plain(kr.unit ? `Current value (${kr.unit})` : 'Current value'),
    element: {
      type: 'number_input',
      action_id: FIELD.value.action,
      is_decimal_allowed: true,
      ...(value !== null && { initial_value: String(value) }),
      ...(kr.target !== null && { placeholder: plain(`target ${formatNumber(kr.target)}`) }),
    },
    ...(measured && {
      hint: plain(
        safeText(
          `${dmValueLine(kr, measured, measured.label, now)}. Change it if you know better: yours is kept.`,
          150,
        ),
      ),
    }),
  };
}
