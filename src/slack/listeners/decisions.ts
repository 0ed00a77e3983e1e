import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { afterDecision, afterResolve, decide, decisionRights, resolve } from '../../services/decisions.js';
import { openView } from '../../services/delivery.js';
import type { AppDeps } from '../../services/deps.js';
import { safeText } from '../../views/blocks.js';
import { DECISION_ACTION, DECISION_CALLBACK, DECISION_FIELD, renderDecisionModal } from '../../views/midcycle.js';
import { noticeModal } from '../checkinFlow.js';

/** Mid-cycle buttons: Double down / Pivot / Stop open a modal; Confirm / Reject resolve proposals. */

const krPayload = z.object({ k: z.number().int().positive() });
const decisionPayload = z.object({ d: z.number().int().positive() });
const metaSchema = z.object({ krId: z.number().int().positive(), kind: z.enum(['double_down', 'pivot', 'stop']) });

function parse<T>(schema: z.ZodType<T>, raw: string | undefined): T | null {
  try {
    const r = schema.safeParse(JSON.parse(raw ?? ''));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function registerDecisions(app: App, deps: AppDeps): void {
  app.action<BlockAction<ButtonAction>>(DECISION_ACTION.openPattern, async ({ ack, body, action }) => {
    await ack();
    const p = parse(krPayload, action.value);
    const kind = action.action_id.split(':')[1] as 'double_down' | 'pivot' | 'stop';
    const rights = p
      ? await decisionRights(deps, body.user.id, p.k)
      : { ok: false as const, title: 'Not found', error: 'That key result is not part of the active cycle.' };
    const view = rights.ok
      ? renderDecisionModal(rights.kr, kind, rights.proposal)
      : noticeModal(rights.title, safeText(rights.error, 500));
    await openView(deps, body.trigger_id, view);
  });

  app.view(DECISION_CALLBACK, async ({ ack, body, view }) => {
    const form = readDecisionForm(view.private_metadata, view.state.values as FormValues);
    if (!form.ok) {
      await ack({ response_action: 'errors', errors: form.errors });
      return;
    }
    const { meta, rationale, newTitle, newTarget } = form;
    const result = await decide(deps, {
      slackUserId: body.user.id,
      krId: meta.krId,
      kind: meta.kind,
      rationale,
      newTitle,
      newTarget,
    });
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [DECISION_FIELD.rationale.block]: result.error } });
      return;
    }
    await ack();
    await afterDecision(deps, result, body.user.id);
  });

  const resolveAction = (accept: boolean) =>
    app.action<BlockAction<ButtonAction>>(
      accept ? DECISION_ACTION.confirm : DECISION_ACTION.reject,
      async ({ ack, body, action }) => {
        await ack();
        const p = parse(decisionPayload, action.value);
        const result = p
          ? await resolve(deps, body.user.id, p.d, accept)
          : { ok: false as const, error: 'That proposal no longer exists.' };
        if (!result.ok) {
          await openView(deps, body.trigger_id, noticeModal('Cannot do that', safeText(result.error, 500)));
          return;
        }
        // The prompt and the owner's proposal DM (wherever the click came from) show the outcome.
        await afterResolve(deps, result);
      },
    );
  resolveAction(true);
  resolveAction(false);
}

type FormValues = Record<string, Record<string, { value?: string | null }>>;

/** The decision modal's fields, checked: what to decide, or the errors to show on the form. */
function readDecisionForm(privateMetadata: string, values: FormValues) {
  const meta = parse(metaSchema, privateMetadata);
  const field = (f: { block: string; action: string }) => values[f.block]?.[f.action]?.value ?? null;
  const rationale = (field(DECISION_FIELD.rationale) ?? '').trim();
  const rawTarget = (field(DECISION_FIELD.newTarget) ?? '').trim().replace(/,/g, '');
  const errors: Record<string, string> = {};
  if (!meta) errors[DECISION_FIELD.rationale.block] = 'This form is out of date; close it and start again.';
  if (!rationale) errors[DECISION_FIELD.rationale.block] = 'Add the rationale: why this decision?';
  const newTarget = rawTarget === '' ? null : Number(rawTarget);
  if (newTarget !== null && !Number.isFinite(newTarget))
    errors[DECISION_FIELD.newTarget.block] = 'Enter a number, or leave it empty.';
  if (Object.keys(errors).length || !meta) return { ok: false as const, errors };
  return { ok: true as const, meta, rationale, newTitle: field(DECISION_FIELD.newTitle), newTarget };
}
