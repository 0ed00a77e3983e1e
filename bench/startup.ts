import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, saveResults, table } from './lib.js';

/**
 * CLI start-up, as a user runs it (`node bin/okrbot.js …` after the README's install), against
 * `node -e ''` on the same machine. Median of 7 runs each. Target: ≤ 300 ms for `run` (the issue's), ≤ 500 ms for the others.
 */

const RUNS = 7;

function median(args: string[], env: Record<string, string> = {}): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
      encoding: 'utf8',
    });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

export async function runStartupBench() {
  const dir = mkdtempSync(join(tmpdir(), 'okrbot-bench-startup-'));
  const db = join(dir, 'okrbot.db');
  try {
    median(['bin/okrbot.js', 'migrate', '--db', db]); // warm the file cache
    const node = median(['-e', '']);
    const help = median(['bin/okrbot.js', '--help']);
    const lint = median(['bin/okrbot.js', 'lint', 'examples/okrs.example.yaml'], {});
    // `run` between cycles: the whole path (config, database, Web API client, scheduler) without Slack.
    const run = median(['bin/okrbot.js', 'run', 'checkins', '--db', db], {
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      LOG_LEVEL: 'error',
    });
    const result = { nodeMs: node, helpMs: help, lintMs: lint, runMs: run };
    const row = (what: string, ms: number, target = 500) => ({
      command: what,
      'median ms': ms,
      'vs node -e': ms / node,
      target: `≤ ${target} ms`,
      met: ms <= target ? 'yes' : 'no',
    });
    table(`CLI start-up, median of ${RUNS} (node -e '' takes ${node.toFixed(0)} ms here)`, [
      row('okrbot --help', help),
      row('okrbot lint <example>', lint),
      row('okrbot run checkins (no active cycle)', run, 300),
    ]);
    saveResults('startup', result);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (/startup\.[jt]s$/.test(process.argv[1] ?? '')) await runStartupBench();
