import type { App } from '@slack/bolt';
import type { AppDeps } from '../../services/deps.js';
import { claimEvent } from '../../store/deliveries.js';
import { registerCheckinActions } from './checkinActions.js';
import { registerCheckinModal } from './checkinModal.js';
import { registerDecisions } from './decisions.js';
import { registerGrading } from './grading.js';
import { registerHome } from './home.js';
import { registerMessages } from './messages.js';
import { registerOkrCommand } from './okrCommand.js';
import { registerPeople } from './people.js';

/** The one registration point for every Slack surface. */
export function registerListeners(app: App, deps: AppDeps): void {
  // Slack retries an event it thinks we missed (X-Slack-Retry-Num); handle each event id once.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: string }).event_id;
    if (eventId && !claimEvent(deps.db, eventId)) {
      deps.logger.info('duplicate event ignored', { eventId });
      return;
    }
    await next();
  });
  registerOkrCommand(app, deps);
  registerCheckinActions(app, deps);
  registerCheckinModal(app, deps);
  registerMessages(app, deps);
  registerHome(app, deps);
  registerDecisions(app, deps);
  registerGrading(app, deps);
  registerPeople(app, deps);
}
