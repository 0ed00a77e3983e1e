import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { crowdFile } from './helpers/crowd.js';
import { tempDir } from './helpers/db.js';

/** `okrbot export | head -1`: the reader goes away after one line; okrbot ends quietly. */
function firstLineOnly(
  args: string[],
): Promise<{ code: number | null; signal: string | null; first: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/okrbot.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let first = '';
  let stderr = '';
  child.stdout.once('data', (d) => {
    first = String(d).split('\n')[0]!;
    child.stdout.destroy(); // like head: close the pipe after the first line
  });
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, first, stderr })));
}

describe('the CLI in a pipe', () => {
  it('ends quietly, exit 0, when the reader closes the pipe early', async () => {
    const dir = tempDir();
    const db = join(dir, 'okr.db');
    // Big enough (≈ 400 KB of YAML) that the export is still writing when the pipe closes.
    expect(await runCli(['import', crowdFile(dir, 3000), '--db', db], { out: () => {}, err: () => {}, env: {} })).toBe(
      0,
    );
    for (const format of ['yaml', 'csv']) {
      const r = await firstLineOnly(['export', '--format', format, '--db', db]);
      expect(r.first).not.toBe('');
      expect(r.stderr).toBe('');
      expect(r).toMatchObject({ code: 0, signal: null });
    }
  }, 30_000);
});
