import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { tempDir } from './helpers/db.js';

/** The exit codes docs/cli.md's table promises, command by command: 0 done, 1 could not, 2 wrong usage or input. */

const EXAMPLE = 'examples/okrs.example.yaml';
const code = async (argv: string[], env: Record<string, string> = {}) =>
  runCli(argv, { out: () => {}, err: () => {}, env });

describe('exit codes', () => {
  it('are 0, 1 or 2 as documented for every command', async () => {
    const dir = tempDir();
    const db = join(dir, 'okr.db');
    const invalid = join(dir, 'bad.yaml');
    writeFileSync(invalid, 'cycle: { name: X }\n');
    const cases: Array<[string[], number, Record<string, string>?]> = [
      [[], 2],
      [['--help'], 0],
      [['frobnicate'], 2],
      [['import', '--nope'], 2],
      [['migrate', '--db', db], 0],
      [['import', EXAMPLE, '--dry-run', '--db', db], 0],
      [['import', EXAMPLE, '--db', db], 0], // lint warnings do not fail an import
      [['import', invalid, '--db', db], 2],
      [['import', join(dir, 'missing.yaml'), '--db', db], 2],
      [['lint', 'tests/fixtures/four-zones.yaml'], 0],
      [['lint', 'tests/fixtures/bad-okrs.yaml'], 1],
      [['lint', invalid], 2],
      [['export', '--db', db, '--out', join(dir, 'x.yaml')], 0],
      [['export', '--format', 'xml', '--db', db], 2],
      [['export', '--cycle', 'nope', '--db', db], 1],
      [['digest', '--team', 'Discovery', '--week', '2', '--print', '--db', db], 0],
      [['digest', '--team', 'Nope', '--week', '2', '--print', '--db', db], 1],
      [['digest', '--team', 'Discovery', '--week', '99', '--print', '--db', db], 1],
      [['decisions', 'export', '--db', db, '--out', join(dir, 'd.md')], 0],
      [['decisions', 'export', '--cycle', 'nope', '--db', db], 1],
      [['backup', join(dir, 'b.db'), '--db', db], 0],
      [['backup', join(dir, 'b.db'), '--db', db], 1], // never overwrites a backup
      [['backup', join(dir, 'c.db'), '--db', join(dir, 'none.db')], 1],
      [['workspaces', '--db', db], 0],
      [['workspaces', 'delete', 'T0NOPE', '--db', db], 2],
      [['workspaces', 'frobnicate', '--db', db], 2],
      [['run', 'checkins', '--db', db], 2], // no SLACK_BOT_TOKEN
      [['run', 'nope', '--db', db], 2],
      [['start', '--db', db], 2], // no Slack configuration
    ];
    const got = [];
    for (const [argv, expected, env] of cases)
      got.push({ argv: argv.join(' '), code: await code(argv, env), expected });
    expect(got.filter((g) => g.code !== g.expected)).toEqual([]);
  });
});
