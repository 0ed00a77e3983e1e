import { KR_TEMPLATES, krTemplate } from '../domain/krTemplates.js';
import type { LintFinding } from '../domain/lint.js';
import {
  actions,
  context,
  inputBlock,
  LIMITS,
  option,
  plain,
  safeText,
  section,
  type Block,
  type ModalView,
} from './blocks.js';

/** The "new key result" modal (`/okr new`, App Home): the framework's red flags shown while writing. */

export const NEW_KR_CALLBACK = 'okr_new_kr';
/** The template picker at the top of the form: choosing one fills the form in (views.update). */
export const KR_TEMPLATE_ACTION = 'okr_new:template';
export const NEW_KR_FIELD = {
  objective: { block: 'objective', action: 'objective_input' },
  newObjective: { block: 'new_objective', action: 'new_objective_input' },
  title: { block: 'title', action: 'title_input' },
  owner: { block: 'owner', action: 'owner_input' },
  baseline: { block: 'baseline', action: 'baseline_input' },
  target: { block: 'target', action: 'target_input' },
  unit: { block: 'unit', action: 'unit_input' },
  measurement: { block: 'measurement', action: 'measurement_input' },
  source: { block: 'source', action: 'source_input' },
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
    source?: string;
  };
  findings?: LintFinding[];
  /** The template chosen (its prompt and source skeleton are shown). */
  template?: string;
}

export function renderNewKrModal(d: NewKrModalData): ModalView {
  const v = d.values ?? {};
  const blocks: Block[] = [...templatePicker(d.template), ...lintWarning(d.findings), ...objectiveInputs(d)];
  blocks.push(
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
    ...measureInputs(v),
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

/** "Start from a template": outcome KRs for software teams, and the chosen one's prompt and source skeleton. */
function templatePicker(chosen: string | undefined): Block[] {
  const options = KR_TEMPLATES.map((t) => option(t.id, t.label));
  const initial = options.find((o) => o.value === chosen);
  const picker = {
    type: 'static_select',
    action_id: KR_TEMPLATE_ACTION,
    placeholder: plain('Start from a template (software teams)', 150),
    options,
    ...(initial && { initial_option: initial }),
  };
  const t = chosen ? krTemplate(chosen) : undefined;
  return [
    actions('template', [picker as never]),
    ...(t
      ? [
          context(
            `*${safeText(t.label, 80)}* — replace the example numbers with yours. ${safeText(t.prompt, 400)}\nTo let okrbot read it, adapt and paste into Source: \`${safeText(t.source, 600)}\``,
          ),
        ]
      : []),
  ];
}

/** A template's fields over what was typed: the title, numbers, unit and measurement plan. */
export function withTemplate(values: NonNullable<NewKrModalData['values']>, id: string): NewKrModalData['values'] {
  const t = krTemplate(id);
  if (!t) return values;
  const { title, baseline, target, unit, measurement } = t;
  return { ...values, title, baseline, target, unit, measurement };
}

/** The framework's red flags above a KR form, and the choice to save anyway. */
export function lintWarning(findings: LintFinding[] | undefined): Block[] {
  if (!findings?.length) return [];
  const lines = findings.map((f) => `⚠️ ${safeText(f.message, 400)}\n→ _${safeText(f.suggestion, 400)}_`);
  const saveAnyway = { type: 'checkboxes', options: [option('yes', 'Save it as it is')] };
  return [
    section(['*Before you save — the framework’s red flags:*', ...lines].join('\n')),
    inputBlock(NEW_KR_FIELD.saveAnyway, 'Save anyway?', saveAnyway, true),
  ];
}

/** A KR's numbers and where they come from: baseline, target, unit, measurement plan (all optional). */
export function measureInputs(v: {
  baseline?: string;
  target?: string;
  unit?: string;
  measurement?: string;
  source?: string;
}): Block[] {
  const number = (value: string | undefined) => ({
    type: 'number_input',
    is_decimal_allowed: true,
    ...(value && { initial_value: value }),
  });
  const text = (max: number, value: string | undefined) => ({
    type: 'plain_text_input',
    max_length: max,
    ...(value && { initial_value: value }),
  });
  const measurement = inputBlock(NEW_KR_FIELD.measurement, 'Measurement plan', text(1000, v.measurement), true);
  return [
    inputBlock(NEW_KR_FIELD.baseline, 'Baseline', number(v.baseline), true),
    inputBlock(NEW_KR_FIELD.target, 'Target', number(v.target), true),
    inputBlock(NEW_KR_FIELD.unit, 'Unit', text(40, v.unit), true),
    {
      ...measurement,
      hint: plain('Where the number comes from: a dashboard or query link, an event, who counts it.'),
    } as Block,
    {
      ...inputBlock(NEW_KR_FIELD.source, 'Source (okrbot reads the value)', text(2000, v.source), true),
      hint: plain(
        'Optional: { kind: prometheus, url: …, query: … }, { kind: sql, env: METRICS_DB_URL, query: … } or { kind: http, url: …, pointer: /data/value }.',
      ),
    } as Block,
  ];
}

/** Which objective the KR belongs to: an existing one, or a new one in a team (admins). */
function objectiveInputs(d: NewKrModalData): Block[] {
  const v = d.values ?? {};
  const options = [
    ...d.objectives.map((o) => option(o.key, `${o.key} · ${o.title} (${o.team})`)),
    ...d.teams.map((t) => option(`new:${t}`, `➕ New objective in ${t}`)),
  ].slice(0, 100);
  const initialObjective = options.find((o) => o.value === v.objective);
  const select = { type: 'static_select', options, ...(initialObjective && { initial_option: initialObjective }) };
  const title = { type: 'plain_text_input', max_length: 300, ...(v.newObjective && { initial_value: v.newObjective }) };
  const newObjective = inputBlock(
    NEW_KR_FIELD.newObjective,
    'New objective title (with ➕ New objective)',
    title,
    true,
  );
  return [
    inputBlock(NEW_KR_FIELD.objective, 'Objective', select),
    {
      ...newObjective,
      hint: plain('An outcome, not a project: "Enable teams to adopt advanced features", not "Build the dashboard".'),
    } as Block,
  ];
}
