import type { types } from '@slack/bolt';
import { slackErrorCode, type AppDeps } from './deps.js';
import { asWire } from './messageParts.js';

/** Modals and App Home through the one gateway: a failure is logged, never thrown (the person can click again). */

/** Opens a modal within a trigger's 3-second window; a failure is logged (the person can click again). */
export async function openView(deps: AppDeps, triggerId: string, view: types.ModalView): Promise<void> {
  try {
    await deps.client.views.open({ trigger_id: triggerId, view: asWire(view) });
  } catch (e) {
    deps.logger.warn('could not open a modal', { callbackId: view.callback_id, error: slackErrorCode(e) });
  }
}

/**
 * Replaces an open modal (a choice inside it changed what it shows). With `hash`, Slack refuses the
 * update if the modal changed meanwhile (hash_conflict): what the person typed then wins.
 */
export async function updateView(deps: AppDeps, viewId: string, hash: string | undefined, view: types.ModalView) {
  try {
    await deps.client.views.update({ view_id: viewId, ...(hash && { hash }), view: asWire(view) });
  } catch (e) {
    deps.logger.warn('could not update a modal', { callbackId: view.callback_id, error: slackErrorCode(e) });
  }
}

/** Publishes someone's App Home. */
export async function publishHomeView(deps: AppDeps, slackUserId: string, view: types.HomeView): Promise<void> {
  try {
    await deps.client.views.publish({ user_id: slackUserId, view: asWire(view) });
  } catch (e) {
    deps.logger.warn('could not publish App Home', { error: slackErrorCode(e) });
  }
}
