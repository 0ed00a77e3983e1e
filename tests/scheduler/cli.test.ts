import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { closeDb, openDb } from '../../src/db/client.js';
import { deliveries } from '../../src/db/schema.js';
import { recordDecision, resolveProposal } from '../../src/store/decisions.js';
import { getCycleByName } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { findOrCreatePerson, updatePerson } from '../../src/store/people.js';
import { FakeSlack } from '../fakeSlack.js';
import { tempDir } from '../helpers/db.js';
import { PEOPLE } from '../helpers/bot.js';

let slack: FakeSlack | null = null;
afterEach(async () => {
  await slack?.stop();
  slack = null;
});

async function cli(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('okrbot run', () => {
  it('runs one job as the tick would at --at, and never twice', async () => {
    slack = await new FakeSlack().start();
    for (const u of Object.values(PEOPLE)) slack.addUser(u);
    slack.channels.set('C0DISC', { member: true }).set('C0PLAT', { member: true });
    const db = join(tempDir(), 'okr.db');
    // Only the bot token: okrbot run serves no requests, so it needs no signing secret.
    const env = { DATABASE_PATH: db, SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl, LOG_LEVEL: 'error' };
    // Between cycles a cron calling it must not alarm: exit 0, saying so.
    const idle = await cli(env, 'run', 'checkins');
    expect(idle).toMatchObject({ code: 0, err: 'no active cycle: nothing to do' });
    expect((await cli(env, 'import', 'tests/fixtures/four-zones.yaml')).code).toBe(0);
    // Planned until its start date; the first run activates it.
    const first = await cli(env, 'run', 'checkins', '--at', '2027-01-04T09:00:00Z');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.out) as { jobs: { checkins: { sent: number } } };
    expect(report.jobs.checkins.sent).toBe(2); // Ana (Berlin 10:00) and Chloe (Kolkata, past 10:00)
    const again = await cli(env, 'run', 'checkins', '--at', '2027-01-04T09:00:00Z');
    expect(JSON.parse(again.out).jobs.checkins.sent).toBe(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
    const digest = await cli(env, 'run', 'digest', '--at', '2027-01-05T09:00:00Z');
    expect(JSON.parse(digest.out).jobs.digest.sent).toBe(1);
    expect((await cli(env, 'run', 'lunch')).err).toContain(
      'which job? one of checkins, reminders, escalations, digest, rollup, midcycle, close, monthly (not "lunch")',
    );
    expect((await cli(env, 'run', 'digest', '--at', 'soon')).err).toContain('--at must be an ISO instant');
    expect((await cli({ DATABASE_PATH: db }, 'run', 'digest')).err).toContain('SLACK_BOT_TOKEN is required');
    const check = openDb(db);
    expect(
      check
        .select()
        .from(deliveries)
        .all()
        .filter((d) => d.state === 'sent'),
    ).toHaveLength(3);
    closeDb(check);
  });
});

describe('okrbot decisions export', () => {
  it('prints the decision log as Markdown, per objective, newest first', async () => {
    const path = join(tempDir(), 'okr.db');
    expect((await cli({ DATABASE_PATH: path }, 'import', 'examples/okrs.example.yaml')).code).toBe(0);
    const db = openDb(path);
    const cycle = (await getCycleByName(db, '2027-Q1'))!;
    const ana = await findOrCreatePerson(db, 'U0ANA');
    await updatePerson(db, ana.id, { name: 'Ana' });
    await recordDecision(
      db,
      {
        krId: (await getKrInfo(db, cycle.id, 'O1-KR2'))!.id,
        kind: 'double_down',
        rationale: 'Early signal is strong',
        decidedBy: ana.id,
      },
      new Date('2027-02-15T10:00:00Z'),
    );
    await recordDecision(
      db,
      {
        krId: (await getKrInfo(db, cycle.id, 'O1-KR1'))!.id,
        kind: 'pivot',
        rationale: 'Activation, not discovery,\nis the bottleneck',
        decidedBy: ana.id,
        newTarget: 6500,
      },
      new Date('2027-02-16T10:00:00Z'),
    );
    await recordDecision(
      db,
      {
        krId: (await getKrInfo(db, cycle.id, 'O3-KR3'))!.id,
        kind: 'stop',
        rationale: 'Flags are now default',
        decidedBy: ana.id,
      },
      new Date('2027-02-17T10:00:00Z'),
    );
    // Ben proposes stopping O2-KR1; Ana confirms it. Both are named.
    const ben = await findOrCreatePerson(db, 'U0BEN');
    await updatePerson(db, ben.id, { name: 'Ben' });
    const proposal = await recordDecision(
      db,
      {
        krId: (await getKrInfo(db, cycle.id, 'O2-KR1'))!.id,
        kind: 'stop',
        rationale: 'Nobody uses it',
        decidedBy: ben.id,
        proposal: true,
      },
      new Date('2027-02-18T10:00:00Z'),
    );
    await resolveProposal(db, proposal.id, true, ana.id, new Date('2027-02-18T12:00:00Z'));
    closeDb(db);
    const r = await cli({ DATABASE_PATH: path }, 'decisions', 'export');
    expect(r.code).toBe(0);
    expect(r.out).toContain('# Decision log — 2027-Q1');
    expect(r.out.indexOf('## O1 · Enable teams to discover and adopt advanced features')).toBeLessThan(
      r.out.indexOf('## O3 · Improve post-release operational reliability'),
    );
    expect(r.out.indexOf('### 2027-02-16 — Pivot O1-KR1')).toBeLessThan(
      r.out.indexOf('### 2027-02-15 — Double down O1-KR2'),
    );
    expect(r.out).toContain('- **Rationale:** Activation, not discovery, is the bottleneck');
    expect(r.out).toContain('- **Change:** target → 6500');
    expect(r.out).toContain(
      '- **Before:** "Increase weekly active users of advanced features from 5,000 to 8,000", target 8000, active',
    );
    expect(r.out).toContain('- **Decided by:** Ana');
    expect(r.out).toContain('### 2027-02-18 — Stop O2-KR1\n\n- **Key result:** O2-KR1');
    expect(r.out).toMatch(/Nobody uses it\n- \*\*Proposed by:\*\* Ben\n- \*\*Confirmed by:\*\* Ana/);
    expect((await cli({ DATABASE_PATH: path }, 'decisions', 'import')).code).toBe(2);
  });
});
