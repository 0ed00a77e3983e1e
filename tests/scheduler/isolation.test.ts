import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { jobContext, runJobsEverywhere } from '../../src/scheduler/jobRunner.js';
import { makeStack } from '../helpers/stack.js';

/**
 * The scheduler serves workspaces side by side; whatever one of them throws (its rows, a bug its
 * data triggers, its database handle failing) is reported for that workspace and the others run.
 */
describe('one workspace’s failure in a tick', () => {
  it('is reported as that workspace’s crashed tick; the other’s DMs go out', async () => {
    const good = await makeStack({ now: '2027-01-11T09:30:00Z' });
    const bad = await makeStack({ now: '2027-01-11T09:30:00Z' });
    // Every call on the bad workspace's database fails, as a corrupt row or a lost connection would.
    const broken = new Proxy(bad.deps.db, {
      get: (target, prop) =>
        prop === 'workspaceId'
          ? 7
          : typeof Reflect.get(target, prop) === 'function'
            ? () => Promise.reject(new Error('disk on fire'))
            : Reflect.get(target, prop),
    }) as Db;
    const report = await runJobsEverywhere([
      jobContext({ ...bad.deps, db: broken }, { rate: 0 }),
      jobContext(good.deps, { rate: 0 }),
    ]);
    expect(report.reports.filter((r) => r.crashed)).toEqual([
      { job: 'tick', sent: 0, failed: [{ error: 'disk on fire', workspaceId: 7 }], crashed: true },
    ]);
    const checkins = report.reports.find((r) => r.job === 'checkins')!;
    expect(checkins.sent).toBeGreaterThan(0);
    const weekly = good.slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && String(c.args.text).startsWith('Weekly check-in'),
    );
    expect(weekly.length).toBe(checkins.sent);
    expect(bad.logs.some((l) => l.includes('workspace tick failed; the other workspaces go on'))).toBe(true);
  });

  it('a stop (SIGTERM) starts no new workspace and no new job', async () => {
    const stack = await makeStack({ now: '2027-01-11T09:30:00Z' });
    const stopping = new AbortController();
    stopping.abort();
    const report = await runJobsEverywhere([jobContext(stack.deps, { rate: 0, signal: stopping.signal })]);
    expect(report.reports).toEqual([]);
    expect(stack.slack.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  });
});
