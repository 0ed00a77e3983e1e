import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getActiveCycle } from '../../src/store/cycles.js';
import { listKrInfos } from '../../src/store/keyResults.js';
import { interact, startHarness, submissionPayload, checkinValues, type Harness } from '../helpers/bot.js';
import { crowdFile } from '../helpers/crowd.js';
import { tempDir, rowsOf } from '../helpers/db.js';

/**
 * Never acknowledge what was not stored: check-ins submitted through the bot while `okrbot run
 * checkins` fans out and `okrbot import` writes 2,000 KRs in other processes on the same database.
 * Every submission Slack got a success for is a row; nothing fails on a locked database.
 */

const OWNERS = 200;
/** crowdFile gives O1-KRn to U00000n. */
const ownerOf = (key: string) => `U${key.split('KR')[1]!.padStart(6, '0')}`;
let h: Harness;
afterEach(async () => {
  await h?.stop();
});

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['bin/okrbot.js', ...args], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

/** A planned cycle of 2,000 KRs: a big import transaction beside the live one. */
function bigPlannedCycle(dir: string): string {
  const krs = Array.from(
    { length: 2000 },
    (_, i) =>
      `          - { id: O1-KR${i + 1}, title: "Cut metric ${i + 1} from 20 to 10", owner: u${i % 50}@example.com, baseline: 20, target: 10 }`,
  );
  const path = join(dir, 'next.yaml');
  writeFileSync(
    path,
    [
      'cycle: { name: 2027-Q2, start: 2027-04-05, end: 2027-07-04 }',
      'teams:',
      '  - name: Next',
      '    objectives:',
      '      - id: O1',
      '        title: Make the next quarter measurably calmer',
      '        key_results:',
      ...krs,
      '',
    ].join('\n'),
  );
  return path;
}

describe('writers in other processes', () => {
  it('every acknowledged check-in is stored while the CLI fans out and imports', async () => {
    const dir = tempDir();
    h = await startHarness({ importFile: crowdFile(dir, OWNERS), now: '2027-01-04T12:00:00Z' });
    crowdFile(tempDir(), OWNERS, h.slack); // the same people, known to the fake Slack
    const env = {
      DATABASE_PATH: h.dbPath,
      SLACK_BOT_TOKEN: h.slack.token,
      SLACK_API_URL: h.slack.apiUrl,
      LOG_LEVEL: 'error',
      OKRBOT_SEND_RATE: '0',
      OKRBOT_SEND_CONCURRENCY: '8',
    };
    const all = await listKrInfos(h.db, { cycleId: (await getActiveCycle(h.db))!.id });
    expect(all).toHaveLength(OWNERS);
    // Half the owners answer under load; the fan-out DMs the other half meanwhile.
    const krs = all.filter((_, i) => i % 2 === 0);

    const fanOut = cli(['run', 'checkins', '--at', '2027-01-04T12:00:00Z'], env);
    const importing = cli(['import', bigPlannedCycle(dir)], env);
    let running = 2;
    const during = { fanOut: 0, importing: 0 };
    void fanOut.then(() => running--);
    void importing.then(() => running--);
    // Owners answer (and edit their answers) round after round until both CLI processes are done.
    const lastAcknowledged = new Map<number, string>();
    const refused: string[] = [];
    for (let round = 1; running > 0 || round === 1; round++) {
      let next = 0;
      const worker = async () => {
        while (next < krs.length) {
          const kr = krs[next++]!;
          const evidence = `round ${round} ${kr.key}`;
          const view = {
            type: 'modal',
            callback_id: 'checkin_modal',
            private_metadata: JSON.stringify({ krId: kr.id, week: 1 }),
          };
          const stillRunning = running;
          const res = await interact(
            h,
            submissionPayload(ownerOf(kr.key), view, checkinValues({ confidence: 1, evidence })),
          );
          if (res.status !== 200 || res.body !== '') refused.push(`${res.status} ${res.body}`);
          else {
            lastAcknowledged.set(kr.id, evidence);
            if (stillRunning === 2) during.importing++;
            if (stillRunning > 0) during.fanOut++;
          }
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
    }
    const [ran, imported] = await Promise.all([fanOut, importing]);

    expect(imported.code).toBe(0);
    expect(ran.code).toBe(0);
    expect(refused).toEqual([]);
    expect(during.fanOut).toBeGreaterThan(0); // the load really overlapped the other writers
    expect(lastAcknowledged.size).toBe(OWNERS / 2);
    // Each KR holds exactly the last answer Slack was told was saved.
    const stored = new Map((await rowsOf(h.db, 'checkins')).map((c) => [c.krId, c.evidence]));
    expect([...lastAcknowledged].filter(([id, evidence]) => stored.get(id) !== evidence)).toEqual([]);
    // The fan-out accounted for every owner: DMed, or skipped because they had already answered.
    const report = JSON.parse(ran.out).jobs.checkins as { due: number; sent: number; skipped: number; failed: number };
    expect(report).toMatchObject({ due: OWNERS, failed: 0 });
    expect(report.sent + report.skipped).toBe(OWNERS);
    expect(report.sent).toBeGreaterThanOrEqual(OWNERS / 2);
    expect(h.logs.filter((l) => /SQLITE_BUSY|database is locked/.test(l))).toEqual([]);
  }, 60_000);
});
