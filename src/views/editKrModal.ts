import { sourceText } from '../domain/sources.js';
import type { LintFinding } from '../domain/lint.js';
import type { KrInfo } from '../domain/types.js';
import { lintWarning, measureInputs, NEW_KR_FIELD } from './okrModal.js';
import { context, LIMITS, plain, section, type Block, type ModalView, inputBlock, option } from './blocks.js';

export const EDIT_KR_CALLBACK = 'okr_edit_kr';
export const EDIT_KR_ACTION = 'kr:edit';
export const EDIT_KR_FIELD = {
  title: NEW_KR_FIELD.title,
  owner: NEW_KR_FIELD.owner,
  baseline: NEW_KR_FIELD.baseline,
  target: NEW_KR_FIELD.target,
  unit: NEW_KR_FIELD.unit,
  measurement: NEW_KR_FIELD.measurement,
  source: NEW_KR_FIELD.source,
  status: { block: 'status', action: 'status_input' },
  reason: { block: 'reason', action: 'reason_input' },
  saveAnyway: NEW_KR_FIELD.saveAnyway,
} as const;

export interface EditKrModalData {
  kr: KrInfo;
  ownerSlackId?: string;
  /** Once the cycle runs, material changes need a reason (the decision log). */
  cycleActive: boolean;
  findings?: LintFinding[];
  values?: {
    title?: string;
    owner?: string;
    baseline?: string;
    target?: string;
    unit?: string;
    measurement?: string;
    source?: string;
    status?: string;
    reason?: string;
  };
}

const statusOption = (s: string) => option(s, { active: 'Active', paused: 'Paused', stopped: 'Stopped' }[s] ?? s);

export function renderEditKrModal(d: EditKrModalData): ModalView {
  const v = d.values ?? {};
  const num = (x: number | null) => (x === null ? undefined : String(x));
  const initial = {
    title: v.title ?? d.kr.title,
    owner: v.owner ?? d.ownerSlackId,
    baseline: v.baseline ?? num(d.kr.baseline),
    target: v.target ?? num(d.kr.target),
    unit: v.unit ?? d.kr.unit ?? undefined,
    measurement: v.measurement ?? d.kr.measurement ?? undefined,
    source: v.source ?? sourceText(d.kr.source),
    status: v.status ?? d.kr.status,
  };
  const blocks: Block[] = [section(`*${d.kr.key}* · objective ${d.kr.objectiveKey}`)];
  blocks.push(...lintWarning(d.findings));
  blocks.push(
    inputBlock(EDIT_KR_FIELD.title, 'Key result', {
      type: 'plain_text_input',
      max_length: 300,
      initial_value: initial.title.slice(0, 300),
    }),
    inputBlock(EDIT_KR_FIELD.owner, 'Owner', {
      type: 'users_select',
      ...(initial.owner && { initial_user: initial.owner }),
    }),
    ...measureInputs(initial),
    inputBlock(EDIT_KR_FIELD.status, 'Status', {
      type: 'static_select',
      options: ['active', 'paused', 'stopped'].map(statusOption),
      initial_option: statusOption(initial.status),
    }),
    inputBlock(
      EDIT_KR_FIELD.reason,
      d.cycleActive
        ? 'Why? (required for a change to title, target, baseline, owner, or a stop)'
        : 'Why? (optional before the cycle starts)',
      { type: 'plain_text_input', multiline: true, max_length: 3000, ...(v.reason && { initial_value: v.reason }) },
      true,
    ),
    context(
      d.cycleActive
        ? 'The cycle has started: material changes are written to the decision log with who, when, why and the KR as it was.'
        : 'The same rules as `okrbot import` apply.',
    ),
  );
  return {
    type: 'modal',
    callback_id: EDIT_KR_CALLBACK,
    title: plain(`Edit ${d.kr.key}`, LIMITS.modalTitle),
    submit: plain('Save', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify({ kr: d.kr.key }),
    blocks,
  };
}

export const PICK_KR_CALLBACK = 'okr_pick_kr';
export const PICK_KR_FIELD = { block: 'kr', action: 'kr_input' } as const;

/** From App Home: which of my key results to edit (then the edit form replaces this one). */
export function renderPickKrModal(krs: Array<{ key: string; title: string }>): ModalView {
  const options = krs.slice(0, 100).map((k) => option(k.key, `${k.key} · ${k.title}`));
  return {
    type: 'modal',
    callback_id: PICK_KR_CALLBACK,
    title: plain('Edit a key result', LIMITS.modalTitle),
    submit: plain('Next', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    blocks: [
      {
        type: 'input',
        block_id: PICK_KR_FIELD.block,
        label: plain('Key result'),
        element: { type: 'static_select', action_id: PICK_KR_FIELD.action, options },
      },
    ],
  };
}
