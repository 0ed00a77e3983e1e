import { claimEvent, listInterruptedEvents, markEventDone } from '../store/events.js';
import type { AppDeps } from './deps.js';

/**
 * Slack's events, each handled once: Slack retries what it thinks was missed (X-Slack-Retry-Num),
 * so an event id is taken before its handler runs; an event carrying a person's answer keeps its
 * payload until the handler finished, so one cut off by a crash is replayed at start-up, not lost.
 */

/** Takes an event before handling it; false when it was taken already (a retry: ignore it). */
export async function takeEvent(
  deps: Pick<AppDeps, 'db'>,
  eventId: string,
  answerPayload: string | null,
): Promise<boolean> {
  return claimEvent(deps.db, eventId, answerPayload);
}

/** The event's handler finished (whatever it did): nothing to replay. */
export async function finishEvent(deps: Pick<AppDeps, 'db'>, eventId: string, now: Date): Promise<void> {
  await markEventDone(deps.db, eventId, now);
}

/** Answers taken since `since` whose handler never finished (a crash): to handle again. */
export async function interruptedAnswers(
  deps: Pick<AppDeps, 'db'>,
  since: Date,
): Promise<Array<{ eventId: string; payload: string }>> {
  return listInterruptedEvents(deps.db, since);
}
