import { afterEach, describe, expect, it } from 'vitest';
import { checkins, processedEvents } from '../../src/db/schema.js';
import { claimEvent } from '../../src/store/events.js';
import { dm, eventBody, sendEvent, startHarness, waitFor, type Harness } from '../helpers/bot.js';

/**
 * Slack has its 200 before a DM check-in is handled. If the process dies in between, the answer
 * must not be lost: the next start replays it.
 */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const replies = () => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'D0ANA');

describe('answers typed in the DM', () => {
  it('are replayed at start-up when the previous process took them and died before storing them', async () => {
    const cutOff = eventBody(dm('U0ANA', 'O1-KR1 1 adoption flat, onboarding confusing'), 'EvCUTOFF');
    h = await startHarness({ beforeStart: (db) => expect(claimEvent(db, 'EvCUTOFF', cutOff)).toBe(true) }); // taken, never finished
    const stored = await waitFor(() => h.db.select().from(checkins).all()[0]);
    expect(stored).toMatchObject({ confidence: 1, evidence: 'adoption flat, onboarding confusing', week: 3 });
    await waitFor(() => replies().length === 1);
    expect(h.db.select().from(processedEvents).all()).toMatchObject([{ eventId: 'EvCUTOFF', payload: null, doneAt: expect.any(String) }]);
    // Slack retrying the same event later changes nothing.
    await sendEvent(h, JSON.parse(cutOff).event, { eventId: 'EvCUTOFF' });
    await new Promise((r) => setTimeout(r, 150));
    expect(replies()).toHaveLength(1);
    expect(h.db.select().from(checkins).all()).toHaveLength(1);
  });

  it('are not replayed once handled; other events keep no payload at all', async () => {
    h = await startHarness();
    await sendEvent(h, dm('U0ANA', 'O1-KR1 2 on plan'), { eventId: 'EvDONE' });
    await waitFor(() => h.db.select().from(processedEvents).all().find((e) => e.eventId === 'EvDONE')?.doneAt);
    await sendEvent(h, { type: 'app_home_opened', user: 'U0ANA', tab: 'home' }, { eventId: 'EvHOME' });
    await waitFor(() => h.db.select().from(processedEvents).all().find((e) => e.eventId === 'EvHOME')?.doneAt);
    expect(h.db.select().from(processedEvents).all().every((e) => e.payload === null)).toBe(true);
  });
});
