import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSource } from '../../src/services/sources.js';
import { freePort } from '../../bench/lib.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { startHarness, tickAt, waitFor, type Harness } from '../helpers/bot.js';
import { tempDir } from '../helpers/db.js';
import { aptInstall } from '../helpers/debian.js';

/**
 * A `prometheus` source against a real Prometheus (Debian's package, installed by the test when
 * missing): a throwaway instance scraping a tiny exporter this test serves, so the PromQL query
 * answers a known number.
 */

let prometheus: ChildProcess | null = null;
let h: Harness | null = null;
let exporter: Server | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
  delete process.env.OKRBOT_TEST_METRICS_DB;
  prometheus?.kill('SIGKILL');
  prometheus = null;
  exporter?.close();
  exporter = null;
});

async function prometheusBinary(): Promise<boolean> {
  if (spawnSync('prometheus', ['--version']).status === 0) return true;
  const why = await aptInstall('prometheus');
  if (why && process.env.CI) throw new Error(`CI must run the Prometheus test: ${why}`);
  if (why) console.warn(`prometheus test skipped: ${why}`);
  return !why;
}

describe('a prometheus source', () => {
  it('reads the number a PromQL instant query answers, says why for a bad query, and shows it in the DM', async () => {
    if (!(await prometheusBinary())) return;
    exporter = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end('# TYPE okr_weekly_active_users gauge\nokr_weekly_active_users{feature="advanced"} 5350\n');
    });
    const exporterPort = await freePort();
    await new Promise<void>((r) => exporter!.listen(exporterPort, '127.0.0.1', r));
    const dir = tempDir();
    const port = await freePort();
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: okr\n    static_configs: [{ targets: ['127.0.0.1:${exporterPort}'] }]\n`,
    );
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    const url = `http://127.0.0.1:${port}`;
    const source = { kind: 'prometheus' as const, url, query: 'sum(okr_weekly_active_users{feature="advanced"})' };
    // Until the first scrape lands, the query answers an empty vector.
    const read = await waitFor(async () => {
      const r = await readSource(source, { env: {} });
      return r.ok ? r : undefined;
    }, 30_000);
    expect(read).toEqual({ ok: true, value: 5350, label: 'Prometheus' });
    expect(await readSource({ ...source, query: 'okr_weekly_active_users{' }, { env: {} })).toMatchObject({
      ok: false,
      reason: 'query_error',
    });
    expect(await readSource({ ...source, query: 'up' }, { env: {} })).toMatchObject({ ok: true, value: 1 });
    expect(await readSource({ ...source, query: 'okr_missing_metric' }, { env: {} })).toMatchObject({
      ok: false,
      reason: 'no_value',
      detail: 'the query returned 0 series; it must return one',
    });

    // In the weekly DM: O1-KR1 read from this Prometheus, O1-KR2 from a SQL database (its URL in an
    // environment variable, as the bot's host would set it), each fresh from its real server.
    const metrics = join(dir, 'metrics.db');
    const m = new Database(metrics);
    m.exec('CREATE TABLE cohorts (week int, share real); INSERT INTO cohorts VALUES (1, 13.5), (2, 14.25);');
    m.close();
    process.env.OKRBOT_TEST_METRICS_DB = metrics;
    const yaml = readFileSync('examples/okrs.example.yaml', 'utf8')
      .replace(
        'measurement: "Amplitude › Advanced features › weekly active users"',
        `measurement: "Amplitude › Advanced features › weekly active users"\n            source: { kind: prometheus, url: "${url}", query: 'sum(okr_weekly_active_users{feature="advanced"})' }`,
      )
      .replace(
        'measurement: "Amplitude cohort: new workspaces, advanced feature in first 7 days"',
        'measurement: "Amplitude cohort: new workspaces, advanced feature in first 7 days"\n            source: { kind: sql, env: OKRBOT_TEST_METRICS_DB, query: "SELECT share FROM cohorts ORDER BY week DESC LIMIT 1" }',
      );
    writeFileSync(join(dir, 'okrs.yaml'), yaml);
    h = await startHarness({
      importFile: join(dir, 'okrs.yaml'),
      now: '2027-01-11T03:00:00Z',
      config: { OKRBOT_CHARTS: 'off' },
    });
    h.slack.recordCalls = true;
    const s = new Scheduler(h.bot.deps, { rate: 0, concurrency: 4, holder: 'test' });
    for (const at of ['2027-01-11T03:00:00Z', '2027-01-11T09:30:00Z', '2027-01-11T15:00:00Z']) await tickAt(h, s, at);
    const dmOf = (user: string) =>
      JSON.stringify(
        h!.slack
          .callsTo('chat.postMessage')
          .find((c) => c.args.channel === user && String(c.args.text).startsWith('Weekly'))!.args.blocks,
      );
    expect(dmOf('U0ANA')).toContain('Value: 5,350 users, from Prometheus 0 min ago');
    expect(dmOf('U0BEN')).toContain('Value: 14.25%, from SQL (OKRBOT_TEST_METRICS_DB) 0 min ago');
  }, 90_000);
});
