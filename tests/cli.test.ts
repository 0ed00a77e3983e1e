import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../src/db/client.js';
import { checkins } from '../src/db/schema.js';
import { runCli } from '../src/cli/main.js';
import { recordCheckin } from '../src/store/checkins.js';
import { getCycleByName } from '../src/store/cycles.js';
import { getKrInfo } from '../src/store/keyResults.js';
import { tempDir } from './helpers/db.js';

const EXAMPLE = 'examples/okrs.example.yaml';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('okrbot CLI', () => {
  it('import → export → import reports no changes (YAML and CSV)', async () => {
    const dir = tempDir();
    const db = join(dir, 'okr.db');
    const first = await cli('import', EXAMPLE, '--db', db);
    expect(first.code).toBe(0);
    expect(first.out).toContain('imported into cycle 2027-Q1');
    expect(first.out).toContain(
      '+ O1-KR1: "Increase weekly active users of advanced features from 5,000 to 8,000", owner ana@example.com',
    );

    for (const format of ['yaml', 'csv']) {
      const file = join(dir, `export.${format}`);
      const exported = await cli('export', '--format', format, '--out', file, '--db', db);
      expect(exported.code).toBe(0);
      const again = await cli('import', file, '--db', db);
      expect(again).toMatchObject({ code: 0, out: `${file}: no changes (cycle 2027-Q1 is in sync).` });
    }
    expect(await cli('import', EXAMPLE, '--db', db)).toMatchObject({
      code: 0,
      out: `${EXAMPLE}: no changes (cycle 2027-Q1 is in sync).`,
    });
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    const db = join(tempDir(), 'okr.db');
    const r = await cli('import', EXAMPLE, '--dry-run', '--db', db);
    expect(r.code).toBe(0);
    expect(r.out).toContain('dry run — would change cycle 2027-Q1');
    expect(r.out).toContain('+ team Discovery: timezone Europe/Berlin, check-in day monday, check-in time 10:00');
    expect(existsSync(db)).toBe(false); // no database file created
    const after = await cli('export', '--db', db);
    expect(after).toMatchObject({ code: 1, err: 'no cycle yet: import an OKR file first' });
  });

  it('leaves the database byte-for-byte unchanged for every bad file', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'okr.db');
    expect((await cli('import', EXAMPLE, '--db', dbPath)).code).toBe(0);
    const text = readFileSync(EXAMPLE, 'utf8');
    const bad: Record<string, string> = {
      'syntax.yaml': 'cycle:\n  name: [oops\n',
      'bad-target.yaml': text.replace('target: 8000', 'target: lots'),
      'bad-owner.yaml': text.replace('owner: ben@example.com', 'owner: ben'),
      // Valid up to the very last KR: nothing of the earlier part may be written.
      'late-error.yaml': text.replace('owner: gus@example.com', 'owner: gus@example.com\n            baseline: five'),
      'dup-id.yaml': text.replace('id: O4-KR2', 'id: O4-KR1'),
      'empty.yaml': '',
      'not-okrs.json': '{"hello": "world"}',
      'bad.csv': 'cycle,team\n2027-Q1,Discovery\n',
      'bad.txt': 'hello',
    };
    const before = readFileSync(dbPath);
    for (const [name, content] of Object.entries(bad)) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const r = await cli('import', file, '--db', dbPath);
      expect(r.code, name).toBe(2);
      expect(r.err, name).toContain('nothing was imported');
      expect(readFileSync(dbPath).equals(before), name).toBe(true);
    }
    expect(await cli('import', join(dir, 'missing.yaml'), '--db', dbPath)).toMatchObject({
      code: 2,
      err: expect.stringContaining('no such file'),
    });
  });

  it('lint flags "Launch new dashboard feature" and "Improve user engagement"', async () => {
    const r = await cli('lint', 'tests/fixtures/bad-okrs.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toContain('O1-KR1 [kr-is-milestone] KR "Launch new dashboard feature" is a milestone');
    expect(r.out).toContain(
      'O1-KR2 [kr-no-baseline-or-target] KR "Improve user engagement" has no baseline and no target',
    );
    expect(r.out).toContain('→ Add the current state and the target');
    expect(await cli('lint', EXAMPLE)).toMatchObject({ code: 0, out: `${EXAMPLE}: no red flags.` });
  });

  it('import prints lint findings as warnings and still imports', async () => {
    const db = join(tempDir(), 'okr.db');
    const r = await cli('import', 'tests/fixtures/bad-okrs.yaml', '--db', db);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: 21 OKR quality findings');
  });

  it('prints a team digest for a week, with clear errors for bad input', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'okr.db');
    await cli('import', EXAMPLE, '--db', dbPath);
    const db = openDb(dbPath);
    const cycle = (await getCycleByName(db, '2027-Q1'))!;
    const kr = (await getKrInfo(db, cycle.id, 'O1-KR2'))!;
    await recordCheckin(db, {
      krId: kr.id,
      week: 2,
      confidence: 0,
      evidence: 'Adoption flat <!channel>',
      value: 12,
      authorId: kr.ownerId,
    });
    closeDb(db);

    const r = await cli('digest', '--team', 'discovery', '--week', '2', '--print', '--db', dbPath);
    expect(r.code).toBe(0);
    expect(r.out).toContain('At-risk digest — Discovery — 2027-Q1 week 2 (Jan 11 – Jan 17, 2027)');
    expect(r.out).toContain('🔴 O1-KR2');
    expect(r.out).toContain('Evidence: Adoption flat <!channel>');
    expect(r.out).toContain('No check-in yet\n  O1-KR1');
    const at = await cli('digest', '--team', 'Discovery', '--at', '2027-01-12T09:00:00Z', '--print', '--db', dbPath);
    expect(at.out).toBe(r.out);

    expect(await cli('digest', '--team', 'Nope', '--week', '2', '--print', '--db', dbPath)).toMatchObject({
      code: 1,
      err: 'no team named "Nope" (teams: Discovery, Platform)',
    });
    expect(await cli('digest', '--team', 'Discovery', '--week', '14', '--print', '--db', dbPath)).toMatchObject({
      code: 1,
      err: 'cycle 2027-Q1 has weeks 1–13; there is no week 14',
    });
    expect((await cli('digest', '--team', 'Discovery', '--week', 'two', '--print', '--db', dbPath)).code).toBe(2);
    expect((await cli('digest', '--team', 'Discovery', '--week', '2', '--db', dbPath)).err).toContain('add --print');
    expect((await cli('digest', '--team', 'Discovery', '--at', 'yesterday', '--print', '--db', dbPath)).err).toContain(
      '--at must be an ISO instant',
    );
    expect(
      (await cli('digest', '--team', 'Discovery', '--at', '2030-01-01T00:00:00Z', '--print', '--db', dbPath)).err,
    ).toContain('is outside cycle 2027-Q1');
  });

  it('backs up a live database to a new file and refuses to overwrite', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'okr.db');
    await cli('import', EXAMPLE, '--db', dbPath);
    const live = openDb(dbPath);
    const cycle = (await getCycleByName(live, '2027-Q1'))!;
    const kr = (await getKrInfo(live, cycle.id, 'O1-KR1'))!;
    await recordCheckin(live, {
      krId: kr.id,
      week: 1,
      confidence: 2,
      evidence: 'kept in the backup',
      authorId: kr.ownerId,
    });
    const backup = join(dir, 'backup.db');
    expect(await cli('backup', backup, '--db', dbPath)).toMatchObject({
      code: 0,
      out: `backed up ${dbPath} to ${backup}`,
    });
    closeDb(live);
    const restored = openDb(backup);
    expect(restored.select().from(checkins).all()).toMatchObject([{ evidence: 'kept in the backup' }]);
    closeDb(restored);
    expect(await cli('backup', backup, '--db', dbPath)).toMatchObject({
      code: 1,
      err: expect.stringContaining('already exists'),
    });
  });

  it('answers usage errors with the right form and a non-zero exit', async () => {
    expect(await cli('frobnicate')).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown command "frobnicate"'),
    });
    expect(await cli('import')).toMatchObject({ code: 2, err: expect.stringContaining('Usage: okrbot import <file>') });
    expect(await cli('export', '--format', 'xml', '--db', join(tempDir(), 'x.db'))).toMatchObject({
      code: 2,
      err: expect.stringContaining('--format must be yaml or csv'),
    });
    expect(await cli('import', EXAMPLE, '--bogus')).toMatchObject({
      code: 2,
      err: expect.stringContaining("Unknown option '--bogus'"),
    });
    expect(await cli('import', '--help')).toMatchObject({ code: 0, out: expect.stringContaining('all or nothing') });
    const migrate = await cli('migrate', '--db', join(tempDir(), 'fresh.db'));
    expect(migrate).toMatchObject({ code: 0, out: expect.stringContaining('schema up to date') });
  });

  it('runs as a real process through bin/okrbot.js', () => {
    const r = spawnSync(process.execPath, ['bin/okrbot.js', 'lint', 'tests/fixtures/bad-okrs.yaml'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Launch new dashboard feature');
    expect(r.stdout).toContain('Improve user engagement');
    const dir = tempDir();
    const env = { ...process.env, DATABASE_PATH: join(dir, 'env.db') };
    execFileSync(process.execPath, ['bin/okrbot.js', 'migrate'], { env });
    expect(existsSync(join(dir, 'env.db'))).toBe(true);
    const badEnv = spawnSync(process.execPath, ['bin/okrbot.js', 'migrate'], {
      env: { ...process.env, DATABASE_PATH: '', LOG_LEVEL: 'loud' },
      encoding: 'utf8',
    });
    expect(badEnv.status).toBe(2);
    expect(badEnv.stderr).toContain('LOG_LEVEL must be one of debug, info, warn, error');
  });
});

describe('okrbot report', () => {
  it('prints the cycle as Markdown with the success metrics, linked work and learnings', async () => {
    const db = join(tempDir(), 'okr.db');
    expect((await cli('import', EXAMPLE, '--db', db)).code).toBe(0);
    const r = await cli('report', '--db', db);
    expect(r.code).toBe(0);
    expect(r.out).toContain('# OKR report — 2027-Q1');
    expect(r.out).toContain('| Completion rate (graded ≥ 0.7) | — (no KR graded yet) |');
    expect(r.out).toContain('| Work linkage | 10 % (1 of 10 KRs with linked work (framework target 80 %)) |');
    expect(r.out).toContain(
      '| ↳ team Discovery | — (no check-ins asked yet) · median time to answer no timed answers |',
    );
    expect(r.out).toMatch(/\| OKR lint findings \| (none|\d+) \|/);
    expect(r.out).toContain('[Guided tour for advanced features](https://jira.example.com/browse/DISC-12)');
    expect((await cli('report', '--format', 'pdf', '--db', db)).code).toBe(2);
    expect((await cli('report', '--html', join(tempDir(), 'r.html'), '--format', 'md', '--db', db)).code).toBe(2);
    expect((await cli('report', '--cycle', 'nope', '--db', db)).code).toBe(1);
  });
});
