import { WebClient } from '@slack/web-api';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { READS_AT_ONCE } from '../src/services/krValues.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, openDb } from '../src/db/client.js';
import { deliveries } from '../src/db/schema.js';
import { createLogger } from '../src/log.js';
import { Metrics } from '../src/metrics.js';
import { jobContext, runJobs } from '../src/scheduler/jobRunner.js';
import { webClientOptions } from '../src/slack/webClient.js';
import { DEFAULT_SEND_RATE } from '../src/config.js';
import { saveResults, seed, startChild, stopChild, table } from './lib.js';

/**
 * Weekly fan-out to 10,000 owners (30,000 KRs): one check-in DM each, first against a zero-latency
 * fake Slack, then against one that allows RATE messages per second and answers 429 + Retry-After.
 */

const OWNERS_DEFAULT = Number(process.env.BENCH_OWNERS ?? 10_000);
const OWNERS = OWNERS_DEFAULT;
const KRS_PER_OWNER = 3;
const KRS_DEFAULT = KRS_PER_OWNER;

/** A metrics endpoint answering JSON after `ms`, for KRs whose value is read from a source. */
async function slowSource(ms: number) {
  const server = createServer((_req, res) =>
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"value": 5350}');
    }, ms),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v.json`;
  return { url, close: () => server.close() };
}
const RATE = Number(process.env.BENCH_RATE_LIMIT ?? 500);

async function scenario(
  label: string,
  rateLimit: number | null,
  options: { owners?: number; sendRate?: number; krsPerOwner?: number; sourceLatencyMs?: number } = {},
) {
  const OWNERS = options.owners ?? OWNERS_DEFAULT;
  const KRS_PER_OWNER = options.krsPerOwner ?? KRS_DEFAULT;
  const source = options.sourceLatencyMs !== undefined ? await slowSource(options.sourceLatencyMs) : null;
  const fake = await startChild(
    'fakeSlackServer',
    [],
    { USERS: String(OWNERS), ...(rateLimit ? { RATE_LIMIT: String(rateLimit) } : {}) },
    'FAKE_SLACK_URL=',
  );
  const url = /FAKE_SLACK_URL=(\S+)/.exec(fake.output())![1]!;
  const dir = mkdtempSync(join(tmpdir(), 'okrbot-bench-'));
  const db = openDb(join(dir, 'okrbot.db'));
  try {
    const now = '2027-01-04T10:00:00Z'; // Monday 10:00 UTC: every owner's check-in is due
    seed(db, {
      cycleStart: '2027-01-04',
      cycleEnd: '2027-04-04',
      teams: 100,
      owners: OWNERS,
      krsPerOwner: KRS_PER_OWNER,
      now,
    });
    if (source)
      db.$client
        .prepare('UPDATE key_results SET source = ?')
        .run(JSON.stringify({ kind: 'http', url: source.url, pointer: '/value' }));
    const client = new WebClient('xoxb-test-token', {
      ...webClientOptions({ SLACK_API_URL: `${url}/api/` }),
      retryConfig: { retries: 0 },
    });
    const deps = {
      db,
      client,
      logger: createLogger({ level: 'error' }),
      clock: () => new Date(now),
      admins: new Set<string>(),
      metrics: new Metrics(),
    };
    const ctx = jobContext(deps, {
      rate: options.sendRate ?? 0,
      concurrency: Number(process.env.BENCH_CONCURRENCY ?? 16),
    });
    let peakRss = process.memoryUsage().rss;
    let peakHeap = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 20);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const report = await runJobs(ctx, ['checkins']);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const stats = (await (await fetch(`${url}/_stats`)).json()) as {
      posts: Record<string, number>;
      rateLimited: number;
    };
    const posts = Object.values(stats.posts);
    const duplicates = posts.filter((n) => n > 1).length;
    const sentRows = db
      .select()
      .from(deliveries)
      .all()
      .filter((d) => d.state === 'sent').length;
    const missing = OWNERS - Object.keys(stats.posts).length + Math.max(0, OWNERS - sentRows);
    const floor = rateLimit ? OWNERS / rateLimit : null;
    const checkins = report.reports[0]!;
    return {
      scenario: label,
      owners: OWNERS,
      krs: OWNERS * KRS_PER_OWNER,
      seconds,
      dmsPerSecond: OWNERS / seconds,
      // okrbot's own CPU per DM (user + system): what the run costs the host, apart from Slack's side.
      cpuMsPerDm: (cpu.user + cpu.system) / 1000 / OWNERS,
      peakRssMB: peakRss / 1024 / 1024,
      peakHeapMB: peakHeap / 1024 / 1024,
      slack429s: stats.rateLimited,
      duplicates,
      missing,
      ...(floor ? { floorSeconds: floor, vsFloor: seconds / floor, ofBudget: OWNERS / seconds / rateLimit! } : {}),
      sent: checkins.sent,
    };
  } finally {
    closeDb(db);
    source?.close();
    rmSync(dir, { recursive: true, force: true });
    await stopChild(fake);
  }
}

/**
 * The weekly run with every KR's value read from an HTTP source answering in 50 ms, against the
 * same run without sources: the reads may add at most the sources' own time at the bounded
 * concurrency (1,000 × 50 ms ÷ READS_AT_ONCE), not more.
 */
async function runSourcesScenario(run: (which: string) => Promise<Awaited<ReturnType<typeof scenario>>>) {
  const off = await run('sources-off');
  const on = await run('sources-on');
  const floor = (on.owners * 0.05) / READS_AT_ONCE;
  const added = on.seconds - off.seconds;
  table(
    `Weekly run, 1,000 KRs read from HTTP sources at 50 ms each, ${READS_AT_ONCE} at a time (target: adds ≤ 1.1× the sources' own time, ${floor.toFixed(2)} s)`,
    [
      { figure: 'without sources (s)', value: off.seconds.toFixed(2) },
      { figure: 'with sources (s)', value: on.seconds.toFixed(2) },
      { figure: 'added by reading the sources (s)', value: added.toFixed(2) },
      { figure: 'vs the sources’ own time', value: `${(added / floor).toFixed(2)}×` },
      { figure: 'duplicates / missing', value: `${on.duplicates} / ${on.missing}` },
    ],
  );
  return { off: off.seconds, on: on.seconds, added, floor, vsFloor: added / floor };
}

/** Heap cap of the measured process: the same as the Docker image's NODE_OPTIONS. */
export const HEAP_FLAGS = ['--max-old-space-size=128'];

export async function runFanoutBench() {
  // Each scenario runs in a fresh process, so one's memory does not count against the other.
  const run = async (which: string) => {
    const child = await startChild('fanout', ['--scenario', which], {}, 'RESULT ', HEAP_FLAGS);
    await new Promise((r) => child.once('exit', r));
    return JSON.parse(/RESULT (.*)/.exec(child.output())![1]!) as Awaited<ReturnType<typeof scenario>>;
  };
  const fast = await run('fast');
  const limited = await run('limited');
  const pacing = [await run('budget-unpaced'), await run('budget-stricter')];
  const sources = await runSourcesScenario(run);
  table(
    "Pacing against Slack's per-workspace budget (targets: ≥ 90 % of the budget, at most one 429 round)",
    pacing.map((r) => ({
      scenario: r.scenario,
      owners: r.owners,
      'wall s': r.seconds,
      'DMs/s': r.dmsPerSecond,
      'of budget': 'ofBudget' in r ? `${Math.round(r.ofBudget! * 100)} %` : '—',
      '429s': r.slack429s,
      dup: r.duplicates,
      missing: r.missing,
    })),
  );
  table(
    `Weekly fan-out, ${OWNERS} owners / ${OWNERS * KRS_PER_OWNER} KRs (targets: ≤ 8 s, ≤ 150 MB; rate-limited ≤ 1.1× floor; 0 duplicates, 0 missing)`,
    [fast, limited].map((r) => ({
      scenario: r.scenario,
      'wall s': r.seconds,
      'DMs/s': r.dmsPerSecond,
      'CPU ms/DM': r.cpuMsPerDm,
      'peak RSS MB': r.peakRssMB,
      '429s': r.slack429s,
      'floor s': 'floorSeconds' in r ? r.floorSeconds! : '—',
      'vs floor': 'vsFloor' in r ? r.vsFloor! : '—',
      dup: r.duplicates,
      missing: r.missing,
    })),
  );
  saveResults('fanout', { heapFlags: HEAP_FLAGS, zeroLatency: fast, rateLimited: limited, pacing, sources });
  return { fast, limited, pacing, sources };
}

const arg = process.argv.indexOf('--scenario');
if (arg > 0) {
  const which = process.argv[arg + 1];
  const r =
    which === 'fast'
      ? await scenario('zero-latency Slack', null)
      : which === 'budget-unpaced'
        ? await scenario('unpaced okrbot, Slack allowing 6/s', 6, { owners: 300 })
        : which === 'budget-stricter'
          ? await scenario(`okrbot at its default ${DEFAULT_SEND_RATE}/s, a stricter Slack allowing 3/s`, 3, {
              owners: 150,
              sendRate: DEFAULT_SEND_RATE,
            })
          : which === 'sources-off'
            ? await scenario('1,000 KRs, no sources', null, { owners: 1000, krsPerOwner: 1 })
            : which === 'sources-on'
              ? await scenario('1,000 KRs read from HTTP sources at 50 ms', null, {
                  owners: 1000,
                  krsPerOwner: 1,
                  sourceLatencyMs: 50,
                })
              : await scenario(`Slack allowing ${RATE}/s, 429 beyond`, RATE);
  console.log(`RESULT ${JSON.stringify(r)}`);
} else if (/fanout\.[jt]s$/.test(process.argv[1] ?? '')) {
  await runFanoutBench();
}
