import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { startHarness, tickAt, type Harness } from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/** A 429 is Slack pacing us: it never costs a delivery attempt, however many come. */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

describe('429s', () => {
  it('more 429s than attempts still end in one DM, with one attempt spent', async () => {
    h = await startHarness({ importFile: 'tests/fixtures/four-zones.yaml', now: '2027-01-11T03:00:00Z' });
    const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 2, holder: 'test' });
    await tickAt(h, s, '2027-01-11T03:00:00Z');
    h.slack.inject(
      'chat.postMessage',
      { status: 429, retryAfter: 0 },
      { times: 7, match: (a) => a.channel === 'U0ANA' },
    );
    const report = await tickAt(h, s, '2027-01-11T09:00:00Z'); // Monday 10:00 Berlin
    expect(report!.reports.find((r) => r.job === 'checkins')).toMatchObject({
      sent: 2,
      rateLimited: 7,
      failed: [],
      deferred: [],
    });
    const ana = (await rowsOf(h.db, 'people')).find((p) => p.slackUserId === 'U0ANA')!;
    expect(
      (await rowsOf(h.db, 'deliveries'))
        .filter((d) => d.purpose === 'checkin' && d.personId === ana.id)
        .map((d) => [d.state, d.attempts]),
    ).toEqual([['sent', 1]]);
    const dms = h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ANA');
    expect(dms).toHaveLength(8); // seven refused, one through
  });
});
