import type { App, BlockAction, StaticSelectAction } from '@slack/bolt';
import type { AppDeps } from '../../services/deps.js';
import { objectivesOpenTo } from '../../services/okrEditing.js';
import { KR_TEMPLATE_ACTION, renderNewKrModal, withTemplate } from '../../views/okrModal.js';
import { readNewKrValues } from '../krFormState.js';
import { updateView } from '../../services/delivery.js';

/** A template picked in the "new key result" form: the same form again, filled in from it. */
export function registerKrTemplates(app: App, deps: AppDeps): void {
  app.action<BlockAction<StaticSelectAction>>(KR_TEMPLATE_ACTION, async ({ ack, body, action }) => {
    await ack();
    const view = body.view;
    const open = view ? await objectivesOpenTo(deps, body.user.id) : null;
    if (!view || !open) return;
    const typed = readNewKrValues(view.state.values);
    const template = action.selected_option?.value;
    const values = template ? withTemplate(typed, template) : typed;
    const filled = renderNewKrModal({
      objectives: open.objectives,
      teams: open.teams,
      ownerSlackId: body.user.id,
      values,
      ...(template && { template }),
    });
    await updateView(deps, view.id, view.hash, filled);
  });
}
