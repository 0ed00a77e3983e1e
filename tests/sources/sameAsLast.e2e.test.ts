import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import {
  ADMIN,
  buttonPayload,
  dm,
  interact,
  okrReply,
  sendEvent,
  startHarness,
  tickAt,
  waitFor,
  type Harness,
} from '../helpers/bot.js';
import { rowsOf, tempDir } from '../helpers/db.js';

/**
 * "Same as last week": O1-KR1 (Ana's) is read from a local JSON endpoint before each weekly DM;
 * once Ana has answered, the next DM offers one click that stores the same answer again, marked
 * as carried over, with this week's value. O2-KR1 (hers too) has no source: no such button.
 */

let h: Harness;
let server: Server;
let values: number[] = [];
beforeEach(async () => {
  values = [5350, 5600, 5610];
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: { value: values.length > 1 ? values.shift() : values[0] } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterEach(async () => {
  await h?.stop();
  server.close();
});

function sourcedFile(): string {
  const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  const text = readFileSync('examples/okrs.example.yaml', 'utf8').replace(
    'measurement: "Amplitude › Advanced features › weekly active users"',
    `measurement: "Amplitude › Advanced features › weekly active users"\n            source: { kind: http, url: "http://${host}/users.json", pointer: /data/value }`,
  );
  const path = join(tempDir(), 'okrs.yaml');
  writeFileSync(path, text);
  return path;
}

type Button = { action_id: string; value: string; text: { text: string } };
const buttonsIn = (blocks: unknown) =>
  (blocks as Array<{ type: string; elements?: Button[] }>).flatMap((b) => (b.type === 'actions' ? b.elements! : []));
const weeklyDms = () =>
  h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === 'U0ANA' && String(c.args.text).startsWith('Weekly check-in'));

async function click(button: Button) {
  await interact(h, buttonPayload('U0ANA', { action_id: button.action_id, value: button.value }));
}

describe('Same as last week', () => {
  it('is offered when the value came from its source this week and there is a last answer; one click stores it', async () => {
    h = await startHarness({ importFile: sourcedFile(), now: '2027-01-04T08:00:00Z' });
    const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
    await tickAt(h, s, '2027-01-04T09:00:00Z'); // week 1: nothing answered before, so nothing to carry
    expect(buttonsIn(weeklyDms()[0]!.args.blocks).filter((b) => b.action_id === 'checkin:same')).toEqual([]);
    h.clock.now = new Date('2027-01-04T10:00:00Z');
    await sendEvent(h, dm('U0ANA', 'O1-KR1 2 Tour shipped; WAU growing'));
    await waitFor(async () => (await rowsOf(h.db, 'checkins')).length === 1);

    await tickAt(h, s, '2027-01-11T09:00:00Z'); // week 2: read 5,600 just before the DM
    const same = buttonsIn(weeklyDms()[1]!.args.blocks).filter((b) => b.action_id === 'checkin:same');
    expect(same.map((b) => b.text.text)).toEqual(['↺ Same as last week (2)']); // O1-KR1 only
    const before = h.slack.callsTo('chat.update').length;
    await click(same[0]!);
    const stored = await waitFor(async () => (await rowsOf(h.db, 'checkins')).find((c) => c.week === 2));
    expect(stored).toMatchObject({ confidence: 2, evidence: 'Tour shipped; WAU growing', carriedOver: 1, value: 5600 });
    const update = await waitFor(() => h.slack.callsTo('chat.update')[before]);
    expect(JSON.stringify(update.args.blocks)).toContain('Tour shipped; WAU growing _(same as last week)_');

    // A second click stores nothing more, and says why.
    const opened = h.slack.callsTo('views.open').length;
    await click(same[0]!);
    const notice = await waitFor(() => h.slack.callsTo('views.open')[opened]);
    expect(notice.args.view).toMatchObject({ title: { text: 'Already answered' } });
    expect((await rowsOf(h.db, 'checkins')).filter((c) => c.week === 2)).toHaveLength(1);
    // A forged click for the KR without a source carries nothing over.
    const o2 = (await rowsOf(h.db, 'keyResults')).find((k) => k.key === 'O2-KR1')!;
    const forged = { action_id: 'checkin:same', value: JSON.stringify({ k: o2.id, w: 2 }), text: { text: '' } };
    await click(forged);
    const refused = await waitFor(() => h.slack.callsTo('views.open')[opened + 1]);
    expect(refused.args.view).toMatchObject({ title: { text: 'Nothing to carry over' } });

    // Week 3, carried over again: three greens with the same evidence are a silent green in the digest.
    await tickAt(h, s, '2027-01-18T09:00:00Z');
    await click(buttonsIn(weeklyDms()[2]!.args.blocks).find((b) => b.action_id === 'checkin:same')!);
    await waitFor(async () => (await rowsOf(h.db, 'checkins')).find((c) => c.week === 3));
    h.clock.now = new Date('2027-01-19T10:00:00Z');
    const digest = await okrReply(h, ADMIN, 'digest Discovery');
    expect(JSON.stringify(digest.body)).toContain('Silent greens');
    expect(JSON.stringify(digest.body)).toMatch(/Silent greens[^"]*O1-KR1/);
  });
});
