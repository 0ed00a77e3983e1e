import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSource } from '../../src/services/sources.js';
import { freePort } from '../../bench/lib.js';
import { waitFor } from '../helpers/bot.js';
import { tempDir } from '../helpers/db.js';
import { aptInstall } from '../helpers/debian.js';

/**
 * A `prometheus` source against a real Prometheus (Debian's package, installed by the test when
 * missing): a throwaway instance scraping a tiny exporter this test serves, so the PromQL query
 * answers a known number.
 */

let prometheus: ChildProcess | null = null;
let exporter: Server | null = null;
afterEach(() => {
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
  it('reads the number a PromQL instant query answers, and says why for a bad query', async () => {
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
  }, 90_000);
});
