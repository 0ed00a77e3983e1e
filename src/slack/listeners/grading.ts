import { ownerOrAdminOnly } from '../../views/access.js';
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { mayActOn } from '../../services/access.js';
import { openView } from '../../services/delivery.js';
import type { AppDeps } from '../../services/deps.js';
import { afterGrade, gradeItems, submitGrade } from '../../services/grading.js';
import { getActiveCycle } from '../../store/cycles.js';
import { getKrInfoById } from '../../store/keyResults.js';
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
    const cycle = await getActiveCycle(deps.db);
    const kr = cycle && krId ? await getKrInfoById(deps.db, cycle.id, krId) : undefined;
    const view =
      !cycle || !kr
        ? noticeModal('Cycle closed', 'This cycle is closed; grades can no longer be changed here.')
        : !await mayActOn(deps, body.user.id, kr)
          ? noticeModal('Not your key result', ownerOrAdminOnly(kr.key, 'grade it'))
          : renderGradeModal((await gradeItems(deps, cycle, [kr]))[0]!);
    await openView(deps, body.trigger_id, view);
  });

  app.view(GRADE_CALLBACK, async ({ ack, body, view }) => {
    const cycle = await getActiveCycle(deps.db);
    let krId = 0;
    try {
      krId = z.object({ krId: z.number().int().positive() }).parse(JSON.parse(view.private_metadata)).krId;
    } catch {
      krId = 0;
    }
    const raw = (view.state.values[GRADE_FIELD.block]?.[GRADE_FIELD.action] as { value?: string | null } | undefined)?.value ?? '';
    if (!cycle || !krId) {
      await ack({ response_action: 'errors', errors: { [GRADE_FIELD.block]: 'This cycle is closed; grades can no longer be changed here.' } });
      return;
    }
    const learning = (view.state.values[LEARNING_FIELD.block]?.[LEARNING_FIELD.action] as { value?: string | null } | undefined)?.value ?? null;
    const result = await submitGrade(deps, cycle, body.user.id, krId, raw.trim() === '' ? 'empty' : raw, learning);
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [GRADE_FIELD.block]: raw.trim() === '' ? 'Enter a grade from 0.0 to 1.0.' : result.error } });
      return;
    }
    await ack();
    deps.logger.info('grade recorded', { krId: result.kr.id });
    await afterGrade(deps, cycle, result.kr, body.user.id);
  });
}
