import { ownerOrAdminOnly } from '../../views/access.js';
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { openView } from '../../services/delivery.js';
import type { AppDeps } from '../../services/deps.js';
import { afterGrade, gradeFormFor, gradeInActiveCycle } from '../../services/grading.js';
import { GRADE_ACTION, GRADE_CALLBACK, GRADE_FIELD, LEARNING_FIELD, renderGradeModal } from '../../views/grading.js';
import { noticeModal } from '../checkinFlow.js';

/** The Grade button of the end-of-cycle DM and its modal. */
export function registerGrading(app: App, deps: AppDeps): void {
  app.action<BlockAction<ButtonAction>>(GRADE_ACTION, async ({ ack, body, action }) => {
    await ack();
    let krId: number | null = null;
    try {
      krId = z.object({ k: z.number().int().positive() }).parse(JSON.parse(action.value ?? '')).k;
    } catch {
      krId = null;
    }
    const form = await gradeFormFor(deps, body.user.id, krId);
    const view =
      form.kind === 'closed'
        ? noticeModal('Cycle closed', 'This cycle is closed; grades can no longer be changed here.')
        : form.kind === 'not_owner'
          ? noticeModal('Not your key result', ownerOrAdminOnly(form.krKey, 'grade it'))
          : renderGradeModal(form.item);
    await openView(deps, body.trigger_id, view);
  });

  app.view(GRADE_CALLBACK, async ({ ack, body, view }) => {
    let krId = 0;
    try {
      krId = z.object({ krId: z.number().int().positive() }).parse(JSON.parse(view.private_metadata)).krId;
    } catch {
      krId = 0;
    }
    const raw =
      (view.state.values[GRADE_FIELD.block]?.[GRADE_FIELD.action] as { value?: string | null } | undefined)?.value ??
      '';
    const learning =
      (view.state.values[LEARNING_FIELD.block]?.[LEARNING_FIELD.action] as { value?: string | null } | undefined)
        ?.value ?? null;
    const result = await gradeInActiveCycle(deps, body.user.id, krId, raw.trim() === '' ? 'empty' : raw, learning);
    if (!result.ok) {
      const error =
        'closed' in result
          ? 'This cycle is closed; grades can no longer be changed here.'
          : raw.trim() === ''
            ? 'Enter a grade from 0.0 to 1.0.'
            : result.error;
      await ack({ response_action: 'errors', errors: { [GRADE_FIELD.block]: error } });
      return;
    }
    await ack();
    deps.logger.info('grade recorded', { krId: result.kr.id });
    await afterGrade(deps, result.cycle, result.kr, body.user.id);
  });
}
