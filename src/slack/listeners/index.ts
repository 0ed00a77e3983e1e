import type { App } from '@slack/bolt';
import type { AppDeps } from '../../services/deps.js';
import { finishEvent, interruptedAnswers, takeEvent } from '../../services/inbox.js';
import { registerCheckinActions } from './checkinActions.js';
import { registerCheckinModal } from './checkinModal.js';
import { registerDecisions } from './decisions.js';
import { registerGrading } from './grading.js';
import { registerHome } from './home.js';
import { registerMessages } from './messages.js';
import { registerOkrCommand } from './okrCommand.js';
import { registerOkrEditing } from './okrEditing.js';
import { registerPeople } from './people.js';
import { registerUploads } from './uploads.js';
import { registerTeamSettings } from './teamSettings.js';
import { registerEscalation } from './escalation.js';
import { registerKrTemplates } from './krTemplates.js';
import { routedApp } from '../router.js';

/** The one registration point for every Slack surface. */
export function registerListeners(bolt: App, deps: AppDeps): void {
  // Actions and view submissions go through one dispatcher each (see router.ts); the rest as usual.
  const { facade: app, mount } = routedApp(bolt, deps.logger);
  // Slack retries an event it thinks we missed (X-Slack-Retry-Num); handle each event id once.
  // Slack has its 200 before any handler runs, so an event carrying an answer keeps its payload
  // until the handler finishes: one cut off by a crash is replayed at start-up (replayInterrupted).
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: string }).event_id;
    if (!eventId) return next();
    if (
      !replaying.has(eventId) &&
      !(await takeEvent(deps, eventId, carriesAnswer(body) ? JSON.stringify(body) : null))
    ) {
      deps.logger.info('duplicate event ignored', { eventId });
      return;
    }
    try {
      await next();
    } finally {
      await finishEvent(deps, eventId, new Date());
    }
  });
  registerOkrCommand(app, deps);
  registerCheckinActions(app, deps);
  registerCheckinModal(app, deps);
  registerMessages(app, deps);
  registerHome(app, deps);
  registerDecisions(app, deps);
  registerGrading(app, deps);
  registerPeople(app, deps);
  registerOkrEditing(app, deps);
  registerUploads(app, deps);
  registerTeamSettings(app, deps);
  registerEscalation(app, deps);
  registerKrTemplates(app, deps);
  mount();
}

/** DMs to the bot are check-ins typed as text: the one event kind that carries an answer. */
function carriesAnswer(body: unknown): boolean {
  const event = (body as { event?: { type?: string; channel_type?: string } }).event;
  return event?.type === 'message' && event.channel_type === 'im';
}

const replaying = new Set<string>();
/** How far back an interrupted answer is still worth handling (the person may have moved on). */
export const REPLAY_WINDOW_MS = 60 * 60 * 1000;

/** Handles again the answer-carrying events a previous process took but never finished. */
export async function replayInterrupted(app: App, deps: AppDeps): Promise<number> {
  const events = await interruptedAnswers(deps, new Date(Date.now() - REPLAY_WINDOW_MS));
  for (const e of events) {
    replaying.add(e.eventId);
    try {
      deps.logger.warn('replaying an event cut off before it was handled', { eventId: e.eventId });
      await app.processEvent({ body: JSON.parse(e.payload), ack: async () => {} });
    } catch (err) {
      deps.logger.error('replaying an event failed', {
        eventId: e.eventId,
        error: err instanceof Error ? err : String(err),
      });
    } finally {
      replaying.delete(e.eventId);
    }
  }
  return events.length;
}
