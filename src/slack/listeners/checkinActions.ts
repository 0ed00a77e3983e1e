import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { turnCheckinPage } from '../../services/weeklyDm.js';
import type { AppDeps } from '../../services/deps.js';
import { ACTION, CARRY_OVER_REFUSAL } from '../../views/checkinMessage.js';
import { escapeMrkdwn } from '../../views/blocks.js';
import { carryOver } from '../../services/carryOver.js';
import { afterCheckin } from '../../services/checkinEffects.js';
import { openView } from '../../services/delivery.js';
import { noticeModal, openCheckinModal } from '../checkinFlow.js';

/** Buttons of the weekly DM and the App Home: score, edit, page, check in. */

const payloadSchema = z.object({
  k: z.number().int().positive().optional(),
  w: z.number().int().positive(),
  c: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  p: z.number().int().min(0).optional(),
});

function payloadOf(action: ButtonAction) {
  try {
    const r = payloadSchema.safeParse(JSON.parse(action.value ?? ''));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function registerCheckinActions(app: App, deps: AppDeps): void {
  const open = async (body: BlockAction, action: ButtonAction, withScore: boolean) => {
    const p = payloadOf(action);
    if (!p?.k) return deps.logger.warn('button without a valid payload', { actionId: action.action_id });
    await openCheckinModal(deps, {
      triggerId: body.trigger_id,
      slackUserId: body.user.id,
      krId: p.k,
      week: p.w,
      confidence: withScore ? (p.c ?? null) : null,
    });
  };

  app.action<BlockAction<ButtonAction>>(ACTION.scorePattern, async ({ ack, body, action }) => {
    await ack();
    await open(body, action, true);
  });

  app.action<BlockAction<ButtonAction>>(ACTION.edit, async ({ ack, body, action }) => {
    await ack();
    await open(body, action, false);
  });

  // "Same as last week": stored at once; the DM, App Home and digest update as after any check-in.
  app.action<BlockAction<ButtonAction>>(ACTION.same, async ({ ack, body, action }) => {
    await ack();
    const p = payloadOf(action);
    if (!p?.k) return deps.logger.warn('button without a valid payload', { actionId: action.action_id });
    const r = await carryOver(deps, body.user.id, p.k, p.w);
    if (r.ok) return afterCheckin(deps, r, body.user.id);
    const notice =
      r.reason === 'not_allowed'
        ? noticeModal(r.title, escapeMrkdwn(r.error))
        : noticeModal(CARRY_OVER_REFUSAL[r.reason].title, CARRY_OVER_REFUSAL[r.reason].text);
    await openView(deps, body.trigger_id, notice);
  });

  app.action<BlockAction<ButtonAction>>(ACTION.homeCheckin, async ({ ack, body, action }) => {
    await ack();
    await open(body, action, false);
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTION.page}:`), async ({ ack, body, action }) => {
    await ack();
    const p = payloadOf(action);
    if (p) await turnCheckinPage(deps, body.user.id, p.w, p.p ?? 0);
  });
}
