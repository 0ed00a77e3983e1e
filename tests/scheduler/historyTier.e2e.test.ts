import { afterEach, describe, expect, it } from 'vitest';
import { DELIVERY_EVENT } from '../../src/services/delivery.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { startHarness, tickAt, type Harness } from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/**
 * Distributed (OAuth, non-Marketplace) apps may read conversations.history once a minute per
 * workspace, 15 messages a call (Slack's 2025 change, on the method's page); the fake enforces it.
 * Reconciliation must find an in-doubt post within that, and never re-send one it could not look for.
 */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

async function setup() {
  h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', now: '2027-01-11T03:00:00Z' });
  h.slack.historyTier.distributedApp = true;
  const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
  await tickAt(h, s, '2027-01-11T03:00:00Z'); // learns time zones; nothing due yet
  return s;
}

const personId = async (email: string) => (await rowsOf(h.db, 'people')).find((p) => p.email === email)!.id;
const at = (iso: string, n = 100) => `${Date.parse(iso) / 1000}.${String(n).padStart(6, '0')}`;

async function inDoubt(email: string, channel: string, claimedAt: string) {
  const id = await personId(email);
  const row = {
    purpose: 'checkin',
    subject: `cycle:1/week:2/person:${id}`,
    cycleId: 1,
    week: 2,
    personId: id,
    state: 'claimed' as const,
    attempts: 1,
    channel,
    claimedAt,
  };
  return (await h.db.first(h.db.insert(h.db.t.deliveries).values(row).returning()))!;
}

describe('reconciliation under the distributed apps’ history tier', () => {
  it('finds a post deeper than 15 messages by reading only the claim’s time window', async () => {
    const s = await setup();
    const ana = await inDoubt('ana@example.com', 'U0ANA', '2027-01-11T08:59:00.000Z');
    const posted = at('2027-01-11T08:59:01Z');
    // Our post, then 40 messages from Ana an hour later: the newest 15 do not reach it.
    h.slack.history.set('D0ANA', [
      {
        ts: posted,
        text: 'Weekly check-in',
        metadata: { event_type: DELIVERY_EVENT, event_payload: { delivery: ana.id } },
      },
      ...Array.from({ length: 40 }, (_, i) => ({ ts: at('2027-01-11T10:00:00Z', i + 1), text: `chatter ${i}` })),
    ]);
    h.slack.messages.set(`D0ANA/${posted}`, { text: 'Weekly check-in' });
    const report = await tickAt(h, s, '2027-01-11T09:05:00Z');
    expect(report!.reconciled).toMatchObject({ confirmed: 1, notPosted: 0, unresolved: 0 });
    expect((await rowsOf(h.db, 'deliveries')).find((d) => d.id === ana.id)).toMatchObject({
      state: 'sent',
      ts: posted,
    });
    const reads = h.slack.callsTo('conversations.history');
    expect(reads).toHaveLength(1);
    expect(reads[0]!.args).toMatchObject({ channel: 'D0ANA', limit: '15', inclusive: 'true' });
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ANA')).toEqual([]); // never re-sent
  });

  it('two claims in doubt: one read a minute; the second waits for the next tick rather than being guessed', async () => {
    const s = await setup();
    const ana = await inDoubt('ana@example.com', 'U0ANA', '2027-01-11T08:59:00.000Z');
    const chloe = await inDoubt('chloe@example.com', 'U0CHLOE', '2027-01-11T08:59:00.000Z');
    const posted = at('2027-01-11T08:59:02Z');
    h.slack.history.set('D0CHLOE', [
      {
        ts: posted,
        text: 'Weekly check-in',
        metadata: { event_type: DELIVERY_EVENT, event_payload: { delivery: chloe.id } },
      },
    ]);
    h.slack.messages.set(`D0CHLOE/${posted}`, { text: 'Weekly check-in' });
    const first = await tickAt(h, s, '2027-01-11T09:05:00Z');
    expect(first!.reconciled).toMatchObject({ notPosted: 1, unresolved: 1 }); // Ana's: not in her DM; Chloe's: 429, later
    expect((await rowsOf(h.db, 'deliveries')).find((d) => d.id === chloe.id)!.state).toBe('claimed');
    const second = await tickAt(h, s, '2027-01-11T09:06:30Z');
    expect(second!.reconciled).toMatchObject({ confirmed: 1 });
    expect((await rowsOf(h.db, 'deliveries')).find((d) => d.id === chloe.id)).toMatchObject({
      state: 'sent',
      ts: posted,
    });
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0CHLOE')).toEqual([]);
    expect((await rowsOf(h.db, 'deliveries')).find((d) => d.id === ana.id)!.state).toBe('sent'); // re-sent once, found absent
  });

  it('a reply okrbot posted in a thread is looked for in the thread (conversations.replies), not the channel', async () => {
    const s = await setup();
    const parent = at('2027-01-11T08:58:00Z');
    const row = {
      purpose: 'dm-reply',
      subject: `channel:D0ANA/ts:${at('2027-01-11T08:58:30Z')}/thread:${parent}`,
      state: 'claimed' as const,
      attempts: 1,
      channel: 'D0ANA',
      claimedAt: '2027-01-11T08:59:00.000Z',
    };
    const reply = (await h.db.first(h.db.insert(h.db.t.deliveries).values(row).returning()))!;
    const posted = at('2027-01-11T08:59:01Z');
    h.slack.history.set('D0ANA', [{ ts: parent, text: 'O1-KR1 2 on plan' }]);
    h.slack.replies.set(`D0ANA/${parent}`, [
      { ts: posted, text: '✅ Saved', metadata: { event_type: DELIVERY_EVENT, event_payload: { delivery: reply.id } } },
    ]);
    const report = await tickAt(h, s, '2027-01-11T09:05:00Z');
    expect(report!.reconciled).toMatchObject({ confirmed: 1 });
    expect(h.slack.callsTo('conversations.replies')[0]!.args).toMatchObject({ channel: 'D0ANA', ts: parent });
    expect((await rowsOf(h.db, 'deliveries')).find((d) => d.id === reply.id)).toMatchObject({
      state: 'sent',
      ts: posted,
    });
  });
});
