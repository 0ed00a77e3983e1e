import { openView } from '../services/delivery.js';
import type { AppDeps } from '../services/deps.js';
import { editableKr, objectivesOpenTo } from '../services/okrEditing.js';
import { identify } from '../services/people.js';
import { renderEditKrModal } from '../views/editKrModal.js';
import { renderNewKrModal } from '../views/okrModal.js';

/**
 * Opens the "new key result" form (from `/okr new` or the App Home button), or says why not.
 * Returns the refusal to show, or null when the form was opened.
 */
export async function openNewKrForm(deps: AppDeps, slackUserId: string, triggerId: string): Promise<string | null> {
  await identify(deps, slackUserId); // an owner known by email is recognised first
  const open = await objectivesOpenTo(deps, slackUserId);
  if (!open)
    return 'There is no planned or active cycle to add key results to. Import one with `okrbot import <file>`.';
  if (open.objectives.length === 0 && open.teams.length === 0) {
    return "You can add key results to your own teams' objectives once you own one there; okrbot admins can add objectives and key results anywhere. Nothing was changed.";
  }
  await openView(
    deps,
    triggerId,
    renderNewKrModal({ objectives: open.objectives, teams: open.teams, ownerSlackId: slackUserId }),
  );
  return null;
}

/** Opens the edit form of a KR for its owner or an admin; returns the refusal otherwise. */
export async function openEditKrForm(
  deps: AppDeps,
  slackUserId: string,
  triggerId: string,
  krKey: string,
): Promise<string | null> {
  await identify(deps, slackUserId);
  const may = await editableKr(deps, slackUserId, krKey);
  if (!may.ok) return may.error;
  await openView(
    deps,
    triggerId,
    renderEditKrModal({ kr: may.kr, ownerSlackId: may.ownerSlackId, cycleActive: may.cycle.state === 'active' }),
  );
  return null;
}
