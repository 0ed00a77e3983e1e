import type { LintFinding } from '../domain/lint.js';
import { context, LIMITS, plain, safeText, section, type Block, type ModalView, option } from './blocks.js';

/** The "new key result" modal (`/okr new`, App Home): the framework's red flags shown while writing. */

export const NEW_KR_CALLBACK = 'okr_new_kr';
export const NEW_KR_FIELD = {
  objective: { block: 'objective', action: 'objective_input' },
  newObjective: { block: 'new_objective', action: 'new_objective_input' },
  title: { block: 'title', action: 'title_input' },
  owner: { block: 'owner', action: 'owner_input' },
  baseline: { block: 'baseline', action: 'baseline_input' },
  target: { block: 'target', action: 'target_input' },
  unit: { block: 'unit', action: 'unit_input' },
  measurement: { block: 'measurement', action: 'measurement_input' },
  saveAnyway: { block: 'save_anyway', action: 'save_anyway_input' },
} as const;

export interface NewKrModalData {
  objectives: Array<{ key: string; title: string; team: string }>;
  /** Teams an admin may add a new objective to. */
  teams: string[];
  ownerSlackId: string;
  /** What was typed so far, when the modal is shown again with lint findings. */
  values?: {
    objective?: string;
    newObjective?: string;
    title?: string;
    owner?: string;
    baseline?: string;
    target?: string;
    unit?: string;
    measurement?: string;
  };
  findings?: LintFinding[];
}

export function renderNewKrModal(d: NewKrModalData): ModalView {
  const v = d.values ?? {};
  const options = [
    ...d.objectives.map((o) => option(o.key, `${o.key} · ${o.title} (${o.team})`)),
    ...d.teams.map((t) => option(`new:${t}`, `➕ New objective in ${t}`)),
  ].slice(0, 100);
  const initialObjective = options.find((o) => o.value === v.objective);
  const blocks: Block[] = [];
  if (d.findings?.length) {
    blocks.push(
      section(
        [
          '*Before you save — the framework’s red flags:*',
          ...d.findings.map((f) => `⚠️ ${safeText(f.message, 400)}\n→ _${safeText(f.suggestion, 400)}_`),
        ].join('\n'),
      ),
      {
        type: 'input',
        block_id: NEW_KR_FIELD.saveAnyway.block,
        optional: true,
        label: plain('Save anyway?'),
        element: {
          type: 'checkboxes',
          action_id: NEW_KR_FIELD.saveAnyway.action,
          options: [option('yes', 'Save it as it is')],
        },
      },
    );
  }
  blocks.push(
    {
      type: 'input',
      block_id: NEW_KR_FIELD.objective.block,
      label: plain('Objective'),
      element: {
        type: 'static_select',
        action_id: NEW_KR_FIELD.objective.action,
        options,
        ...(initialObjective && { initial_option: initialObjective }),
      },
    },
    {
      type: 'input',
      block_id: NEW_KR_FIELD.newObjective.block,
      optional: true,
      label: plain('New objective title (with ➕ New objective)'),
      hint: plain('An outcome, not a project: "Enable teams to adopt advanced features", not "Build the dashboard".'),
      element: {
        type: 'plain_text_input',
        action_id: NEW_KR_FIELD.newObjective.action,
        max_length: 300,
        ...(v.newObjective && { initial_value: v.newObjective }),
      },
    },
    {
      type: 'input',
      block_id: NEW_KR_FIELD.title.block,
      label: plain('Key result'),
      hint: plain(
        'A measured change from a baseline to a target: "Increase weekly active users of X from 5,000 to 8,000".',
      ),
      element: {
        type: 'plain_text_input',
        action_id: NEW_KR_FIELD.title.action,
        max_length: 300,
        ...(v.title && { initial_value: v.title }),
      },
    },
    {
      type: 'input',
      block_id: NEW_KR_FIELD.owner.block,
      label: plain('Owner'),
      element: { type: 'users_select', action_id: NEW_KR_FIELD.owner.action, initial_user: v.owner ?? d.ownerSlackId },
    },
    {
      type: 'input',
      block_id: NEW_KR_FIELD.baseline.block,
      optional: true,
      label: plain('Baseline'),
      element: {
        type: 'number_input',
        action_id: NEW_KR_FIELD.baseline.action,
        is_decimal_allowed: true,
        ...(v.baseline && { initial_value: v.baseline }),
      },
    },
    {
      type: 'input',
      block_id: NEW_KR_FIELD.target.block,
      optional: true,
      label: plain('Target'),
      element: {
        type: 'number_input',
        action_id: NEW_KR_FIELD.target.action,
        is_decimal_allowed: true,
        ...(v.target && { initial_value: v.target }),
      },
    },
    {
      type: 'input',
      block_id: NEW_KR_FIELD.unit.block,
      optional: true,
      label: plain('Unit'),
      element: {
        type: 'plain_text_input',
        action_id: NEW_KR_FIELD.unit.action,
        max_length: 40,
        ...(v.unit && { initial_value: v.unit }),
      },
    },
    {
      type: 'input',
      block_id: NEW_KR_FIELD.measurement.block,
      optional: true,
      label: plain('Measurement plan'),
      hint: plain('Where the number comes from: a dashboard or query link, an event, who counts it.'),
      element: {
        type: 'plain_text_input',
        action_id: NEW_KR_FIELD.measurement.action,
        max_length: 1000,
        ...(v.measurement && { initial_value: v.measurement }),
      },
    },
    context('Ids are assigned for you (O3, O3-KR2) and never reused. The same rules as `okrbot import` apply.'),
  );
  return {
    type: 'modal',
    callback_id: NEW_KR_CALLBACK,
    title: plain('New key result', LIMITS.modalTitle),
    submit: plain('Save', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    blocks,
  };
}
