import type { App } from '@slack/bolt';
import type { AppDeps } from '../../services/deps.js';
import { alertDepartures } from '../../services/departures.js';
import { learnProfileChange } from '../../services/people.js';

/** Profile changes: a person who moves is asked at their new local time from the next DM on. */
export function registerPeople(app: App, deps: AppDeps): void {
  app.event('user_change', async ({ event }) => {
    if (!(await learnProfileChange(deps, event.user))) return;
    deps.logger.info('profile change learned', { user: event.user.id });
    if (event.user.deleted) await alertDepartures(deps);
  });
}
