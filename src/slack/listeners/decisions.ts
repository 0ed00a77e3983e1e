import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { mayActOn } from '../../services/checkins.js';
import { decide, isTeamMember, notifyOwnerOfProposal, refreshMidcycle, resolve } from '../../services/decisions.js';
import { slackErrorCode, type AppDeps } from '../../services/deps.js';
import { getActiveCycle } from '../../store/cycles.js';
import { getKrInfoById } from '../../store/keyResults.js';
import { safeText, section } from '../../views/blocks.js';
import { DECISION_ACTION, DECISION_CALLBACK, DECISION_FIELD, DECISION_LABEL, renderDecisionModal } from '../../views/midcycle.js';
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
    const cycle = getActiveCycle(deps.db);
    const kr = p && cycle ? getKrInfoById(deps.db, cycle.id, p.k) : undefined;
    let view: Record<string, unknown>;
    if (!cycle || !kr) view = noticeModal('Not found', 'That key result is not part of the active cycle.');
    else if (kr.status === 'stopped') view = noticeModal('Already stopped', `*${kr.key}* is already stopped.`);
    else if (mayActOn(deps, body.user.id, kr)) view = renderDecisionModal(kr, kind, false);
    else if (isTeamMember(deps, cycle, kr.teamId, body.user.id)) view = renderDecisionModal(kr, kind, true);
    else view = noticeModal('Not your team', `Only members of *${kr.key}*'s team can propose a decision on it.`);
    try {
      await deps.client.views.open({ trigger_id: body.trigger_id, view: view as never });
    } catch (e) {
      deps.logger.warn('could not open decision modal', { error: slackErrorCode(e) });
    }
  });

  app.view(DECISION_CALLBACK, async ({ ack, body, view }) => {
    const meta = parse(metaSchema, view.private_metadata);
    const values = view.state.values as Record<string, Record<string, { value?: string | null }>>;
    const rationale = (values[DECISION_FIELD.rationale.block]?.[DECISION_FIELD.rationale.action]?.value ?? '').trim();
    const newTitle = values[DECISION_FIELD.newTitle.block]?.[DECISION_FIELD.newTitle.action]?.value ?? null;
    const rawTarget = (values[DECISION_FIELD.newTarget.block]?.[DECISION_FIELD.newTarget.action]?.value ?? '').trim().replace(/,/g, '');
    const errors: Record<string, string> = {};
    if (!meta) errors[DECISION_FIELD.rationale.block] = 'This form is out of date; close it and start again.';
    if (!rationale) errors[DECISION_FIELD.rationale.block] = 'Add the rationale: why this decision?';
    const newTarget = rawTarget === '' ? null : Number(rawTarget);
    if (newTarget !== null && !Number.isFinite(newTarget)) errors[DECISION_FIELD.newTarget.block] = 'Enter a number, or leave it empty.';
    if (Object.keys(errors).length || !meta) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    const result = decide(deps, { slackUserId: body.user.id, krId: meta.krId, kind: meta.kind, rationale, newTitle, newTarget });
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [DECISION_FIELD.rationale.block]: result.error } });
      return;
    }
    await ack();
    if (result.proposal) await notifyOwnerOfProposal(deps, result.kr, result.decision, body.user.id);
    await refreshMidcycle(deps, result.cycle, result.kr.teamId);
  });

  const resolveAction = (accept: boolean) =>
    app.action<BlockAction<ButtonAction>>(accept ? DECISION_ACTION.confirm : DECISION_ACTION.reject, async ({ ack, body, action, respond }) => {
      await ack();
      const p = parse(decisionPayload, action.value);
      const result = p ? resolve(deps, body.user.id, p.d, accept) : { ok: false as const, error: 'That proposal no longer exists.' };
      if (!result.ok) {
        try {
          await deps.client.views.open({ trigger_id: body.trigger_id, view: noticeModal('Cannot do that', safeText(result.error, 500)) as never });
        } catch (e) {
          deps.logger.warn('could not open notice', { error: slackErrorCode(e) });
        }
        return;
      }
      await refreshMidcycle(deps, result.cycle, result.kr.teamId);
      // The owner's DM with the buttons (if that is where they clicked) now shows the outcome.
      if (body.container?.type === 'message' && body.channel?.id !== undefined && body.channel.id.startsWith('D')) {
        await respond({
          replace_original: true,
          text: `${accept ? 'Confirmed' : 'Rejected'}: ${DECISION_LABEL[result.decision.kind]} on ${result.kr.key}.`,
          blocks: [section(`${accept ? '✅ Confirmed' : '✖️ Rejected'} *${DECISION_LABEL[result.decision.kind]}* on *${result.kr.key}* — ${safeText(result.decision.rationale, 1500)}`)],
        } as never).catch((e: unknown) => deps.logger.warn('could not update proposal message', { error: slackErrorCode(e) }));
      }
    });
  resolveAction(true);
  resolveAction(false);
}
