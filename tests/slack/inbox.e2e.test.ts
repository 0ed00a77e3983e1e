import { afterEach, describe, expect, it } from 'vitest';
import { claimEvent } from '../../src/store/events.js';
import { claimDelivery, markSent } from '../../src/store/deliveries.js';
import { recordCheckin } from '../../src/store/checkins.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { DM_REPLY_PURPOSE } from '../../src/services/replies.js';
import { dm, eventBody, sendEvent, startHarness, waitFor, type Harness } from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

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
    h = await startHarness({ beforeStart: async (db) => expect(await claimEvent(db, 'EvCUTOFF', cutOff)).toBe(true) }); // taken, never finished
    const stored = await waitFor(async () => (await rowsOf(h.db, 'checkins'))[0]);
    expect(stored).toMatchObject({ confidence: 1, evidence: 'adoption flat, onboarding confusing', week: 3 });
    await waitFor(() => replies().length === 1);
    expect(await rowsOf(h.db, 'processedEvents')).toMatchObject([
      { eventId: 'EvCUTOFF', payload: null, doneAt: expect.any(String) },
    ]);
    // Slack retrying the same event later changes nothing.
    await sendEvent(h, JSON.parse(cutOff).event, { eventId: 'EvCUTOFF' });
    await new Promise((r) => setTimeout(r, 150));
    expect(replies()).toHaveLength(1);
    expect(await rowsOf(h.db, 'checkins')).toHaveLength(1);
  });

  it('are not replayed once handled; other events keep no payload at all', async () => {
    h = await startHarness();
    await sendEvent(h, dm('U0ANA', 'O1-KR1 2 on plan'), { eventId: 'EvDONE' });
    await waitFor(async () => (await rowsOf(h.db, 'processedEvents')).find((e) => e.eventId === 'EvDONE')?.doneAt);
    await sendEvent(h, { type: 'app_home_opened', user: 'U0ANA', tab: 'home' }, { eventId: 'EvHOME' });
    await waitFor(async () => (await rowsOf(h.db, 'processedEvents')).find((e) => e.eventId === 'EvHOME')?.doneAt);
    expect((await rowsOf(h.db, 'processedEvents')).every((e) => e.payload === null)).toBe(true);
  });

  it('answered before the process died are not answered again when replayed', async () => {
    const event = dm('U0ANA', 'O1-KR1 1 adoption flat');
    const body = eventBody(event, 'EvANSWERED');
    h = await startHarness({
      beforeStart: async (db) => {
        // The previous process stored the check-in and replied, then died before marking the event done.
        await recordCheckin(db, {
          krId: (await getKrInfo(db, (await getActiveCycle(db))!.id, 'O1-KR1'))!.id,
          week: 3,
          confidence: 1,
          evidence: 'adoption flat',
          authorId: null,
        });
        const claim = (await claimDelivery(db, {
          purpose: DM_REPLY_PURPOSE,
          subject: `channel:${event.channel}/ts:${event.ts}`,
        }))!;
        await markSent(db, claim.id, event.channel, '1700000000.000001');
        expect(await claimEvent(db, 'EvANSWERED', body)).toBe(true);
      },
    });
    await waitFor(async () => (await rowsOf(h.db, 'processedEvents')).find((e) => e.eventId === 'EvANSWERED')?.doneAt);
    await new Promise((r) => setTimeout(r, 100));
    expect(replies()).toEqual([]); // the replay found nothing new, and its reply was already given
    expect(await rowsOf(h.db, 'checkins')).toHaveLength(1);
  });
});
