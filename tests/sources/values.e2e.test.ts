import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import {
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
import { tempDir } from '../helpers/db.js';

/**
 * Values from sources, end to end: the weekly DM shows the value read just before it ("from
 * <source> 0 min ago") or why it could not be read; each read is kept and the KR's current value
 * follows; a source read within the hour is not read again; `okrbot values --check` tries each
 * source without storing anything.
 */

let h: Harness;
let server: Server;
let host = '';
let hits = 0;
/** What the users endpoint answers: the next of these each time (then the last again). */
let series: number[] = [];
beforeEach(async () => {
  hits = 0;
  series = [];
  server = createServer((req, res) => {
    hits++;
    if (req.url === '/users.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const value = series.length > 1 ? series.shift()! : (series[0] ?? 5350);
      return res.end(JSON.stringify({ data: { value } }));
    }
    res.writeHead(500);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterEach(async () => {
  await h?.stop();
  server.close();
});

/** The example OKRs with O1-KR1 read from a JSON endpoint and O1-KR2 from one that fails. */
function sourcedFile(): string {
  const text = readFileSync('examples/okrs.example.yaml', 'utf8')
    .replace(
      'measurement: "Amplitude › Advanced features › weekly active users"',
      `measurement: "Amplitude › Advanced features › weekly active users"\n            source: { kind: http, url: "http://${host}/users.json", pointer: /data/value }`,
    )
    .replace(
      'measurement: "Amplitude cohort: new workspaces, advanced feature in first 7 days"',
      `measurement: "Amplitude cohort: new workspaces, advanced feature in first 7 days"\n            source: { kind: http, url: "http://${host}/broken.json", pointer: /v }`,
    );
  const path = join(tempDir(), 'okrs.yaml');
  writeFileSync(path, text);
  return path;
}

const weekly = (user: string) =>
  h.slack.callsTo('chat.postMessage').find((c) => c.args.channel === user && String(c.args.text).startsWith('Weekly'));

describe('KR values read from their sources', () => {
  it('shows the value read before the weekly DM, or why it could not be read; keeps each read', async () => {
    h = await startHarness({
      importFile: sourcedFile(),
      now: '2027-01-11T03:00:00Z',
      config: { OKRBOT_CHARTS: 'off' },
    });
    h.slack.recordCalls = true;
    const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
    for (const at of ['2027-01-11T03:00:00Z', '2027-01-11T09:30:00Z']) await tickAt(h, s, at); // Ana: 10:00 in Berlin
    const ana = JSON.stringify(weekly('U0ANA')!.args.blocks);
    expect(ana).toContain(`Value: 5,350 users, from ${host} 0 min ago`);
    expect(hits).toBe(1); // only the KRs of owners being asked
    // Ana opens the check-in: the value is prefilled from the source, saying where it came from.
    const button = (weekly('U0ANA')!.args.blocks as Array<{ type: string; elements?: Array<Record<string, string>> }>)
      .flatMap((b) => b.elements ?? [])
      .find((e) => String(e.action_id).includes('score'))!;
    await interact(h, buttonPayload('U0ANA', { action_id: button.action_id!, value: button.value! }));
    const modal = JSON.stringify((await waitFor(() => h.slack.callsTo('views.open').at(-1))).args.view);
    expect(modal).toContain('"initial_value":"5350"');
    expect(modal).toContain(`Value: 5,350 users, from ${host} 0 min ago. Change it if you know better: yours is kept.`);
    const [kr] = await h.db.raw<{ currentValue: number }>(
      `SELECT current_value AS "currentValue" FROM key_results WHERE key = 'O1-KR1'`,
    );
    expect(kr!.currentValue).toBe(5350);
    // An admin reads every source at 14:30; Ben's DM at 15:00 (10:00 in New York) uses that read.
    const code = await runCli(['values', ...h.cliDb.args, '--at', '2027-01-11T14:30:00Z'], {
      out: () => {},
      err: () => {},
      env: { ...h.cliDb.env },
    });
    expect(code).toBe(1);
    expect(hits).toBe(3);
    await tickAt(h, s, '2027-01-11T15:00:00Z');
    expect(hits).toBe(3);
    const ben = JSON.stringify(weekly('U0BEN')!.args.blocks);
    expect(ben).toContain(
      `Value: could not be read from ${host} (http_status: ${host} answered 500, 30 min ago); type it in your check-in.`,
    );
    const rows = await h.db.raw<{ value: number | null }>('SELECT value FROM kr_values ORDER BY id');
    expect(rows.map((r) => r.value)).toEqual([5350, 5350, null]);
    // Next week Ben's source is read before his DM and fails again: admins hear of it once that week.
    const alerts = () =>
      h.slack
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === 'U0ADMIN' && String(c.args.text).includes('could not read'));
    for (const at of ['2027-01-18T09:30:00Z', '2027-01-18T15:00:00Z', '2027-01-18T16:30:00Z']) await tickAt(h, s, at);
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0]!.args.text).toContain(`• O1-KR2 could not be read from ${host}: refused (${host} answered 500)`);
  });

  it('okrbot values --check tries each source and stores nothing; without --check it stores', async () => {
    h = await startHarness({ importFile: sourcedFile(), now: '2027-01-11T03:00:00Z' });
    const out: string[] = [];
    const err: string[] = [];
    const run = (args: string[]) =>
      runCli([...args, ...h.cliDb.args, '--at', '2027-01-12T10:00:00Z'], {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: { ...h.cliDb.env },
      });
    expect(await run(['values', '--check'])).toBe(1); // one source fails
    expect(out).toEqual([
      `O1-KR1 5,350 users from ${host}`,
      `O1-KR2 could not be read from ${host}: refused (${host} answered 500)`,
    ]);
    expect(await h.db.raw('SELECT id FROM kr_values')).toEqual([]);
    out.length = 0;
    expect(await run(['values'])).toBe(1);
    expect(err).toContain('stored 1 value(s)');
    expect((await h.db.raw('SELECT id FROM kr_values')).length).toBe(2);
    // A value far outside 5,000 → 8,000 is kept and flagged, not made the KR's value.
    series = [50_000];
    out.length = 0;
    await run(['values']);
    expect(out[0]).toBe(`O1-KR1 50,000 users from ${host} — far outside 5,000 users → 8,000 users: check the source`);
    const [kr] = await h.db.raw<{ v: number }>(`SELECT current_value AS "v" FROM key_results WHERE key = 'O1-KR1'`);
    expect(kr!.v).toBe(5350);
  });

  it('says where the measured values are heading, and the digest flags a green off its path', async () => {
    h = await startHarness({
      importFile: sourcedFile(),
      now: '2027-01-04T08:00:00Z',
      config: { OKRBOT_CHARTS: 'off' },
    });
    h.slack.recordCalls = true;
    series = [5150, 5300, 5450];
    for (const at of ['2027-01-05T10:00:00Z', '2027-01-12T10:00:00Z'])
      await runCli(['values', ...h.cliDb.args, '--at', at], { out: () => {}, err: () => {}, env: { ...h.cliDb.env } });
    const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
    for (const at of ['2027-01-18T03:00:00Z', '2027-01-18T09:30:00Z']) await tickAt(h, s, at); // week 3
    // 5,150 → 5,300 → 5,450: +150 a week reaches 6,950 by week 13, 65 % of the way to 8,000.
    expect(JSON.stringify(weekly('U0ANA')!.args.blocks)).toContain(
      'On this path: 6,950 users by the end — 65 % of the way (the path alone says 0 off-track; you decide)',
    );
    await sendEvent(h, dm('U0ANA', 'O1-KR1 2 going well'));
    await waitFor(async () => (await h.db.raw('SELECT id FROM checkins')).length === 1);
    const digest = (await okrReply(h, 'U0ANA', 'digest Discovery')).body;
    const text = JSON.stringify(digest);
    expect(text).toContain('Green but off its path');
    expect(text).toContain('O1-KR1');
    expect(text).toContain('on this path: 6,950 users by the end — 65 % of the way');
  });
});
