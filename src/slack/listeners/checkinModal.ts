import type { App } from '@slack/bolt';
import { submitCheckin } from '../../services/checkins.js';
import type { AppDeps } from '../../services/deps.js';
import { CHECKIN_CALLBACK, FIELD } from '../../views/checkinModal.js';
import { afterCheckin } from '../../services/checkinEffects.js';
import { parseCheckinMeta, parseCheckinState } from '../checkinSubmission.js';

/**
 * Check-in modal submission. Validation and the (synchronous, milliseconds) database write happen
 * before ack so errors show inline on the field; Slack calls happen after ack.
 */
export function registerCheckinModal(app: App, deps: AppDeps): void {
  app.view(CHECKIN_CALLBACK, async ({ ack, body, view }) => {
    const meta = parseCheckinMeta(view.private_metadata);
    if (!meta) {
      await ack({
        response_action: 'errors',
        errors: { [FIELD.evidence.block]: 'This form is out of date; close it and start again.' },
      });
      return;
    }
    const parsed = parseCheckinState(view.state.values as never);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    const result = await submitCheckin(deps, {
      slackUserId: body.user.id,
      krId: meta.krId,
      week: meta.week,
      ...parsed.values,
    });
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [FIELD.confidence.block]: result.error } });
      return;
    }
    await ack();
    if (result.changed) deps.metrics.checkins.inc({ via: 'modal' });
    deps.logger.info('check-in recorded', {
      krId: result.kr.id,
      week: result.week,
      created: result.created,
      changed: result.changed,
      via: 'modal',
    });
    await afterCheckin(deps, result, body.user.id);
  });
}
