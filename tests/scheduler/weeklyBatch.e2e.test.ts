import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { parseOkrText } from '../../src/okrs/format.js';
import { jobContext, runJobs } from '../../src/scheduler/jobRunner.js';
import type { AppDeps } from '../../src/services/deps.js';
import { recordCheckin } from '../../src/store/checkins.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { listKrInfos } from '../../src/store/keyResults.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { crowdFile } from '../helpers/crowd.js';
import { freshDb, rowsOf, tempDir } from '../helpers/db.js';
import { memorySlack } from '../helpers/stack.js';
import { WeeklyDmBatch } from '../../src/services/weeklyDmBatch.js';

/**
 * The weekly fan-out reads and claims its DMs a batch at a time and writes their marks a batch at a
 * time. Stopped mid-run (SIGTERM), the claims it had not posted are given back and the next run
 * sends exactly those: one DM per owner, none twice, none lost, and the owner who had answered
 * already is recorded as skipped, never asked.
 */

const OWNERS = 40;
const MONDAY = '2027-01-04T10:00:00Z';

async function crowdStack(clock = { now: new Date(MONDAY) }) {
  const { db } = await freshDb();
  const ids = Array.from({ length: OWNERS }, (_, i) => `U${String(i + 1).padStart(6, '0')}`);
  const file = crowdFile(tempDir(), OWNERS);
  await importOkrs(db, parseOkrText(file, readFileSync(file, 'utf8')), { now: new Date(MONDAY) });
  const slack = memorySlack(ids.map((id) => ({ id, name: id, tz: 'UTC' })));
  const deps: AppDeps = {
    db,
    client: slack.client,
    logger: createLogger({ level: 'error' }),
    clock: () => clock.now,
    admins: new Set(),
    metrics: new Metrics(),
    charts: false,
  };
  return { deps, slack, db };
}

const weeklyPosts = (slack: ReturnType<typeof memorySlack>) =>
  slack.calls.filter((c) => c.method === 'chat.postMessage' && String(c.args.text).startsWith('Weekly check-in'));

describe('the weekly fan-out, a batch at a time', () => {
  it('gives back the claims a stopped run did not post; the next run sends exactly those, once each', async () => {
    const { deps, slack, db } = await crowdStack();
    const cycle = (await getActiveCycle(db))!;
    const krs = await listKrInfos(db, { cycleId: cycle.id });
    // U000003 answered before the DM went out (from /okr checkin): it is not asked.
    const early = krs.find((k) => k.ownerLabel === 'U000003')!;
    await recordCheckin(db, { krId: early.id, week: 1, confidence: 2, evidence: 'shipped', authorId: early.ownerId! });

    const stopping = new AbortController();
    const chat = slack.client.chat;
    const stopAfterTenth = async (args: Parameters<typeof chat.postMessage>[0]) => {
      const r = await chat.postMessage(args);
      if (weeklyPosts(slack).length >= 10) stopping.abort(); // SIGTERM after the tenth DM
      return r;
    };
    const client = {
      ...slack.client,
      chat: new Proxy(chat, {
        get: (t, name) => (name === 'postMessage' ? stopAfterTenth : t[name as keyof typeof t]),
      }),
    };
    const first = await runJobs(
      jobContext({ ...deps, client } as AppDeps, { rate: 0, concurrency: 4, signal: stopping.signal }),
      ['checkins'],
    );
    const firstPosts = weeklyPosts(slack).length;
    expect(firstPosts).toBeGreaterThanOrEqual(10);
    expect(firstPosts).toBeLessThan(14); // the ones in flight settle; nothing new starts
    const report = first.reports.find((r) => r.job === 'checkins')!;
    expect(report.sent).toBe(firstPosts);
    expect(report).toMatchObject({ interrupted: true });

    const rows = (await rowsOf(db, 'deliveries')).filter((d) => d.purpose === 'checkin');
    // Every post is recorded sent, with where it went (the batch of marks was written at the end).
    const sent = rows.filter((r) => r.state === 'sent');
    expect(sent).toHaveLength(firstPosts);
    expect(sent.every((r) => r.channel && r.ts)).toBe(true);
    expect(rows.filter((r) => r.state === 'claimed')).toEqual([]); // nothing left in doubt
    // The first batch's claims not reached were given back without using up an attempt.
    const given = rows.filter((r) => r.state === 'failed');
    expect(given.length).toBeGreaterThan(0);
    expect(given.every((r) => r.error === 'interrupted' && r.attempts === 0)).toBe(true);
    expect(rows.filter((r) => r.state === 'skipped').map((r) => r.personId)).toEqual([early.ownerId]);

    await runJobs(jobContext(deps, { rate: 0, concurrency: 4 }), ['checkins']);
    const perOwner = new Map<string, number>();
    for (const c of weeklyPosts(slack))
      perOwner.set(String(c.args.channel), (perOwner.get(String(c.args.channel)) ?? 0) + 1);
    expect(perOwner.size).toBe(OWNERS - 1);
    expect([...perOwner.values()].every((n) => n === 1)).toBe(true);
    expect(perOwner.has('U000003')).toBe(false);
    const states = new Map<string, number>();
    for (const d of await rowsOf(db, 'deliveries'))
      if (d.purpose === 'checkin') states.set(d.state, (states.get(d.state) ?? 0) + 1);
    expect(Object.fromEntries(states)).toEqual({ sent: OWNERS - 1, skipped: 1 });
  });

  it('a prepared claim held through a long pause (429s) is given back and taken afresh before its post', async () => {
    const clock = { now: new Date(MONDAY) };
    const { deps, slack, db } = await crowdStack(clock);
    const cycle = (await getActiveCycle(db))!;
    const krs = await listKrInfos(db, { cycleId: cycle.id });
    const owner = krs[0]!.ownerId!;
    const batch = new WeeklyDmBatch(deps, cycle, (p) => krs.filter((k) => k.ownerId === p));
    await batch.readAndClaim([{ personId: owner, week: 1 }]);
    const [claimed] = (await rowsOf(db, 'deliveries')).filter((d) => d.personId === owner);
    expect(claimed).toMatchObject({ state: 'claimed', claimedAt: MONDAY.replace('Z', '.000Z'), channel: null });
    clock.now = new Date(Date.parse(MONDAY) + 60_000); // a minute of Retry-After later
    expect(await batch.send({ personId: owner, week: 1 }, { streak: 0 })).toMatchObject({ status: 'sent' });
    await batch.finish();
    const [sent] = (await rowsOf(db, 'deliveries')).filter((d) => d.personId === owner);
    expect(sent).toMatchObject({ id: claimed!.id, state: 'sent', attempts: 1, claimedAt: clock.now.toISOString() });
    expect(weeklyPosts(slack)).toHaveLength(1);
  });
});
