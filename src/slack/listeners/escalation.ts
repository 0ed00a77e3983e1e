import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { openView } from '../../services/delivery.js';
import type { AppDeps } from '../../services/deps.js';
import { nudgeOwner } from '../../services/escalations.js';
import { escapeMrkdwn } from '../../views/blocks.js';
import { NUDGE_ACTION, NUDGE_REFUSAL } from '../../views/escalation.js';
import { noticeModal } from '../checkinFlow.js';

/** A lead's "Nudge" button in an escalation DM: the owner gets one private nudge. */

const nudgePayload = z.object({ p: z.number().int().positive(), t: z.number().int().positive(), s: z.number().int() });

export function registerEscalation(app: App, deps: AppDeps): void {
  app.action<BlockAction<ButtonAction>>(NUDGE_ACTION, async ({ ack, body, action }) => {
    await ack();
    let parsed: z.infer<typeof nudgePayload> | null = null;
    try {
      const r = nudgePayload.safeParse(JSON.parse(action.value ?? ''));
      parsed = r.success ? r.data : null;
    } catch {
      parsed = null;
    }
    const outcome = parsed
      ? await nudgeOwner(deps, body.user.id, parsed)
      : { ok: false as const, reason: 'not_lead' as const };
    if (outcome.ok) return; // the escalation DM now says who nudged
    const refusal = NUDGE_REFUSAL[outcome.reason];
    await openView(deps, body.trigger_id, noticeModal(refusal.title, escapeMrkdwn(refusal.text)));
  });
}
