import { sourceFromText } from '../../domain/sources.js';
import type {
  AllMiddlewareArgs,
  App,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
  BlockAction,
  ButtonAction,
} from '@slack/bolt';
import { openView } from '../../services/delivery.js';
import { escapeMrkdwn } from '../../views/blocks.js';
import { HOME_EDIT_KR_ACTION, HOME_NEW_KR_ACTION } from '../../views/home.js';
import { noticeModal } from '../checkinFlow.js';
import { openEditKrForm, openNewKrForm } from '../okrForms.js';
import type { AppDeps } from '../../services/deps.js';
import { publishHome } from '../../services/home.js';
import { addKeyResult, editableKr, editKeyResult, objectivesOpenTo, krsToEdit } from '../../services/okrEditing.js';
import {
  EDIT_KR_ACTION,
  EDIT_KR_CALLBACK,
  EDIT_KR_FIELD as E,
  PICK_KR_CALLBACK,
  PICK_KR_FIELD,
  renderEditKrModal,
  renderPickKrModal,
} from '../../views/editKrModal.js';
import { NEW_KR_CALLBACK, NEW_KR_FIELD as F, renderNewKrModal } from '../../views/okrModal.js';
import { formReader, readNewKrValues, type StateValue } from '../krFormState.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The "new key result" form: validated, linted and saved through the file import's own code. */

/** An optional number from a form (commas allowed); a bad one is an error on its field. */
function numberField(raw: string | undefined, block: string, errors: Record<string, string>): number | null {
  if (raw === undefined) return null;
  const n = Number(raw.replace(/,/g, ''));
  if (!Number.isFinite(n)) errors[block] = 'Enter a number, or leave it empty.';
  return n;
}

/** The fields the new and the edit KR forms share, checked: numbers read, a title and an owner required. */
function checkKrFields(values: {
  title?: string;
  owner?: string;
  baseline?: string;
  target?: string;
  source?: string;
}) {
  const errors: Record<string, string> = {};
  const baseline = numberField(values.baseline, F.baseline.block, errors);
  const target = numberField(values.target, F.target.block, errors);
  if (!values.title) errors[F.title.block] = 'Write the key result.';
  if (!values.owner) errors[F.owner.block] = 'Choose its owner.';
  const source = sourceFromText(values.source);
  if (!source.ok) errors[F.source.block] = source.error;
  return { errors, baseline, target, source: source.ok ? source.source : null };
}

export function registerOkrEditing(app: App, deps: AppDeps): void {
  registerNewKr(app, deps);
  registerEditKr(app, deps);
}

/** "New key result" on App Home, or /okr new: the form, its lint findings, the save. */
function registerNewKr(app: App, deps: AppDeps): void {
  app.action<BlockAction<ButtonAction>>(HOME_NEW_KR_ACTION, async ({ ack, body }) => {
    await ack();
    const refusal = await openNewKrForm(deps, body.user.id, body.trigger_id);
    if (refusal) await openView(deps, body.trigger_id, noticeModal('Cannot add here', escapeMrkdwn(refusal)));
  });

  app.view<ViewSubmitAction>(NEW_KR_CALLBACK, async (args) => saveNew(deps, args));
}

/** "Edit a key result" on App Home or /okr edit: pick one, the form, the save (logged when material). */
function registerEditKr(app: App, deps: AppDeps): void {
  app.action<BlockAction<ButtonAction>>(HOME_EDIT_KR_ACTION, async ({ ack, body }) => {
    await ack();
    const mine = await krsToEdit(deps, body.user.id);
    await openView(
      deps,
      body.trigger_id,
      mine.length ? renderPickKrModal(mine) : noticeModal('Nothing to edit', 'You own no key results in this cycle.'),
    );
  });

  app.view(PICK_KR_CALLBACK, async ({ ack, body, view }) => {
    const key =
      (view.state.values[PICK_KR_FIELD.block]?.[PICK_KR_FIELD.action] as StateValue | undefined)?.selected_option
        ?.value ?? '';
    const may = await editableKr(deps, body.user.id, key);
    if (!may.ok) {
      await ack({ response_action: 'errors', errors: { [PICK_KR_FIELD.block]: may.error } });
      return;
    }
    await ack({
      response_action: 'update',
      view: renderEditKrModal({
        kr: may.kr,
        ownerSlackId: may.ownerSlackId,
        cycleActive: may.cycle.state === 'active',
      }),
    });
  });

  app.action<BlockAction<ButtonAction>>(EDIT_KR_ACTION, async ({ ack, body, action }) => {
    await ack();
    const refusal = await openEditKrForm(deps, body.user.id, body.trigger_id, action.value ?? '');
    if (refusal) await openView(deps, body.trigger_id, noticeModal('Cannot edit', escapeMrkdwn(refusal)));
  });

  app.view<ViewSubmitAction>(EDIT_KR_CALLBACK, async (args) => saveEdit(deps, args));
}

/** The edit form's fields, checked: the change to save, or the errors to show on the form. */
function readEditForm(view: { state: { values: Parameters<typeof formReader>[0] }; private_metadata: string }) {
  const { get, text } = formReader(view.state.values);
  let krKey = '';
  try {
    krKey = String((JSON.parse(view.private_metadata) as { kr?: string }).kr ?? '');
  } catch {
    krKey = '';
  }
  const values = {
    title: text(E.title),
    owner: get(E.owner)?.selected_user ?? undefined,
    baseline: text(E.baseline),
    target: text(E.target),
    unit: text(E.unit),
    measurement: text(E.measurement),
    source: text(E.source),
    status: get(E.status)?.selected_option?.value,
    reason: text(E.reason),
  };
  const { errors, baseline, target, source } = checkKrFields(values);
  const status: 'active' | 'paused' | 'stopped' =
    values.status === 'paused' || values.status === 'stopped' ? values.status : 'active';
  if (Object.keys(errors).length) return { ok: false as const, errors };
  const saveAnyway = (get(E.saveAnyway)?.selected_options ?? []).some((o) => o.value === 'yes');
  return { ok: true as const, krKey, values, baseline, target, source, status, saveAnyway };
}

async function saveEdit(deps: AppDeps, { ack, body, view }: ViewArgs): Promise<void> {
  const form = readEditForm(view);
  if (!form.ok) {
    await ack({ response_action: 'errors', errors: form.errors });
    return;
  }
  const { krKey, values, baseline, target, source, status, saveAnyway } = form;
  const result = await editKeyResult(deps, {
    slackUserId: body.user.id,
    krKey,
    title: values.title!,
    ownerSlackId: values.owner!,
    baseline,
    target,
    unit: values.unit ?? null,
    measurement: values.measurement ?? null,
    source,
    status,
    reason: values.reason,
    saveAnyway,
  });
  if (result.status === 'refused') {
    await ack({
      response_action: 'errors',
      errors: {
        [result.field === 'reason' ? E.reason.block : result.field === 'owner' ? E.owner.block : E.title.block]:
          result.error,
      },
    });
    return;
  }
  if (result.status === 'lint') {
    const may = await editableKr(deps, body.user.id, krKey);
    if (!may.ok) return ack();
    await ack({
      response_action: 'update',
      view: renderEditKrModal({
        kr: may.kr,
        ownerSlackId: may.ownerSlackId,
        cycleActive: may.cycle.state === 'active',
        findings: result.findings,
        values,
      }),
    });
    return;
  }
  await ack();
  await publishHome(deps, body.user.id);
}

async function saveNew(deps: AppDeps, { ack, body, view }: ViewArgs): Promise<void> {
  const { get } = formReader(view.state.values);
  const values = readNewKrValues(view.state.values);
  const { errors, baseline, target, source } = checkKrFields(values);
  if (!values.objective) errors[F.objective.block] = 'Choose an objective.';
  if (Object.keys(errors).length) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  const saveAnyway = (get(F.saveAnyway)?.selected_options ?? []).some((o) => o.value === 'yes');
  const result = await addKeyResult(deps, {
    slackUserId: body.user.id,
    objective: values.objective!,
    newObjectiveTitle: values.newObjective,
    title: values.title!,
    ownerSlackId: values.owner!,
    baseline,
    target,
    unit: values.unit,
    measurement: values.measurement,
    source,
    saveAnyway,
  });
  if (result.status === 'refused') {
    await ack({ response_action: 'errors', errors: { [result.field]: result.error } });
    return;
  }
  if (result.status === 'lint') {
    // Shown while writing, not after: the same form again, with the findings and "save anyway".
    const open = (await objectivesOpenTo(deps, body.user.id))!;
    await ack({
      response_action: 'update',
      view: renderNewKrModal({
        objectives: open.objectives,
        teams: open.teams,
        ownerSlackId: body.user.id,
        values,
        findings: result.findings,
      }),
    });
    return;
  }
  await ack();
  await publishHome(deps, body.user.id);
}
