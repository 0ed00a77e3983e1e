import { runChartsBench } from './charts.js';
import { runCrashBench } from './crash.js';
import { runDigestBench } from './digest.js';
import { runFanoutBench } from './fanout.js';
import { RESULTS, table } from './lib.js';
import { runRequestsBench } from './requests.js';
import { runReplicasBench } from './replicas.js';
import { runStartupBench } from './startup.js';
import { runWorkspacesBench } from './workspaces.js';

/**
 * `npm run bench`: every benchmark (or the ones named), one table each, then one summary of every
 * figure against its target; all figures in bench/results.json.
 */
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const startup = want('startup') ? await runStartupBench() : null;
const requests = want('requests') ? await runRequestsBench() : null;
const fanout = want('fanout') ? await runFanoutBench() : null;
const digest = want('digest') ? await runDigestBench() : null;
const charts = want('charts') ? await runChartsBench() : null;
if (want('crash')) await runCrashBench();
const replicas = want('replicas') ? await runReplicasBench() : null;
const workspaces = want('workspaces') ? await runWorkspacesBench() : null;

type Row = { figure: string; result: string; target: string; met: string };
const rows: Row[] = [];
const add = (figure: string, value: number, unit: string, target: number, targetText: string, lowerIsBetter = true) =>
  rows.push({
    figure,
    result: `${value.toFixed(value < 10 ? 2 : 0)} ${unit}`,
    target: targetText,
    met: (lowerIsBetter ? value <= target : value >= target) ? 'yes' : 'no',
  });
if (startup) {
  add('okrbot --help', startup.helpMs, 'ms', 500, '≤ 500 ms');
  add('okrbot run checkins, start-up to exit (no cycle)', startup.runMs, 'ms', 300, '≤ 300 ms');
}
if (requests) {
  for (const [kind, label] of [
    ['/okr mine', '/okr mine'],
    ['button click', 'click → views.open'],
    ['view_submission', 'check-in view_submission'],
  ] as const) {
    const r = requests.results[`okrbot ${kind}`];
    if (!r) continue;
    const target = kind === '/okr mine' ? 1.5 : 2;
    add(`${label}: p99`, r.p99, 'ms', 150, '≤ 150 ms');
    add(`${label}: CPU per request vs bare Bolt`, requests.cpuVsBare[kind]!, '×', target, `≤ ${target}×`);
  }
  if (Number.isFinite(requests.endToEnd.okrbot))
    add('a check-in end to end: CPU vs bare Bolt', requests.endToEnd.okrbot / requests.endToEnd.bare, '×', 2, '≤ 2×');
}
if (fanout) {
  add('1,000 KRs from 50 ms HTTP sources: added vs their own time', fanout.sources.vsFloor, '×', 1.1, '≤ 1.1×');
  add('fan-out 10,000 owners, zero-latency Slack: wall', fanout.fast.seconds, 's', 8, '≤ 8 s');
  add('fan-out: peak RSS', fanout.fast.peakRssMB, 'MB', 150, '≤ 150 MB');
  add('fan-out: okrbot CPU per DM', fanout.fast.cpuMsPerDm, 'ms', Infinity, '(reported)');
  for (const p of fanout.pacing) {
    add(`pacing, ${p.scenario}: of Slack's budget`, (p.ofBudget ?? 0) * 100, '%', 90, '≥ 90 %', false);
    add(`pacing, ${p.scenario}: 429s`, p.slack429s, '', 16, 'one round (≤ 16, the sends in flight)');
  }
}
if (digest) {
  add("all 100 teams' digests at 10,000 KRs", digest.allDigestsMs.median, 'ms', 150, '≤ 150 ms');
  add('App Home, owner of 20 KRs: p99', digest.homeMs.p99, 'ms', 10, '≤ 10 ms');
}
if (charts) {
  for (const [name, median] of Object.entries(charts.medians))
    add(`${name} PNG: median`, median, 'ms', 300, '≤ 300 ms');
  add('event-loop delay while drawing charts: worst', charts.loopDelayMaxMs, 'ms', 50, '≤ 50 ms');
}
if (replicas) {
  add('replicas: owners with two DMs after a leader kill', replicas.duplicates, '', 0, '0');
  add('replicas: owners without a DM after a leader kill', replicas.missing, '', 0, '0');
  add('replicas: standby leads after the kill', replicas.takeoverSeconds, 's', 5, '≤ 5 s');
  add('replicas: SIGTERM to exit, mid fan-out (drain)', replicas.stop.drainSeconds, 's', 2, '≤ 2 s');
  add('replicas: leader exit to standby’s first DM', replicas.stop.handoverSeconds, 's', 5, '≤ 5 s');
  add(
    'replicas: owners with two DMs / none after a clean stop',
    replicas.stop.duplicates + replicas.stop.missing,
    '',
    0,
    '0',
  );
  add('replicas: kill -9, restart to first DM', replicas.restart.resumeSeconds, 's', 5, '≤ 5 s');
}
if (workspaces) {
  add(
    `one replica, ${workspaces.workspaces} workspaces × 50 owners: RSS after serving all`,
    workspaces.rssAfterMB,
    'MB',
    200,
    '≤ 200 MB',
  );
  add('  same: requests not answered 200', workspaces.bad, '', 0, '0');
}
if (rows.length)
  table('Summary: every figure against its target (this machine; compare builds A/B, it is noisy)', rows);
console.log(`\nResults written to ${RESULTS}`);
