import Database from 'better-sqlite3';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSource } from '../../src/services/sources.js';
import { freshDb, tempDir, testDatabase } from '../helpers/db.js';

/**
 * Each source kind read from a real server: a local HTTP server (JSON, CSV, a bearer token, a 500,
 * a source that never answers), SQLite and PostgreSQL databases (read-only). Prometheus has its own
 * test (prometheus.e2e.test.ts). Failures come back as reasons, never as throws.
 */

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.url === '/metrics.json') return send(200, 'application/json', '{"data":{"value":5350}}');
    if (req.url === '/sheet.csv') return send(200, 'text/csv', 'metric,value\nusers,"5,350"\n');
    if (req.url === '/private.json')
      return req.headers.authorization === 'Bearer s3cret'
        ? send(200, 'application/json', '{"v": 7}')
        : send(401, 'application/json', '{"error":"unauthorized"}');
    if (req.url === '/broken') return send(500, 'text/plain', 'oops');
    if (req.url === '/slow') return; // never answers
    send(200, 'text/html', '<html>not json</html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const env = { TOKEN: 's3cret' };

describe('reading a KR value from its source', () => {
  it('http: a JSON Pointer, a CSV cell, a bearer token from the environment', async () => {
    expect(await readSource({ kind: 'http', url: `${base}/metrics.json`, pointer: '/data/value' }, { env })).toEqual({
      ok: true,
      value: 5350,
      label: `127.0.0.1:${base.split(':').pop()}`,
    });
    expect(await readSource({ kind: 'http', url: `${base}/sheet.csv`, cell: 'B2' }, { env })).toMatchObject({
      ok: true,
      value: 5350,
    });
    expect(
      await readSource({ kind: 'http', url: `${base}/private.json`, pointer: '/v', token_env: 'TOKEN' }, { env }),
    ).toMatchObject({
      ok: true,
      value: 7,
    });
  });

  it('http: says why it could not read — refused, not JSON, no token, unreachable, too slow', async () => {
    const host = base.replace('http://', '');
    expect(await readSource({ kind: 'http', url: `${base}/broken`, pointer: '/v' }, { env })).toMatchObject({
      ok: false,
      reason: 'http_status',
      detail: `${host} answered 500`,
    });
    expect(await readSource({ kind: 'http', url: `${base}/page`, pointer: '/v' }, { env })).toMatchObject({
      reason: 'not_a_number',
      detail: 'the answer is not JSON',
    });
    expect(
      await readSource({ kind: 'http', url: `${base}/private.json`, pointer: '/v', token_env: 'NOPE' }, { env }),
    ).toMatchObject({
      reason: 'missing_env',
      detail: 'NOPE is not set',
    });
    expect(await readSource({ kind: 'http', url: 'http://127.0.0.1:9/x', pointer: '/v' }, { env })).toMatchObject({
      reason: 'unreachable',
    });
    expect(
      await readSource({ kind: 'http', url: `${base}/slow`, pointer: '/v' }, { env, timeoutMs: 300 }),
    ).toMatchObject({
      reason: 'timeout',
    });
  });

  it('sql: one number from a read-only query on the database the environment variable names', async () => {
    const { url } = await freshDb();
    let dbUrl: string;
    if (testDatabase() === 'postgres') {
      const { default: pg } = await import('pg');
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query('CREATE TABLE deploys (id int, ok boolean)');
      await c.query('INSERT INTO deploys VALUES (1, true), (2, true), (3, false)');
      await c.end();
      dbUrl = url!;
    } else {
      dbUrl = join(tempDir(), 'metrics.db');
      const db = new Database(dbUrl);
      db.exec('CREATE TABLE deploys (id int, ok boolean); INSERT INTO deploys VALUES (1, 1), (2, 1), (3, 0);');
      db.close();
    }
    const sqlEnv = { METRICS_DB_URL: dbUrl };
    const read = (query: string) => readSource({ kind: 'sql', env: 'METRICS_DB_URL', query }, { env: sqlEnv });
    expect(await read('SELECT count(*) FROM deploys')).toEqual({ ok: true, value: 3, label: 'SQL (METRICS_DB_URL)' });
    expect(await read('SELECT count(*), max(id) FROM deploys')).toMatchObject({
      ok: false,
      detail: 'the query returned 2 columns; it must return one',
    });
    expect(await read('SELECT id FROM deploys WHERE id > 9')).toMatchObject({ reason: 'no_value' });
    expect(await read('DELETE FROM deploys')).toMatchObject({ ok: false, reason: 'query_error' }); // read-only
    expect(await read('SELECT count(*) FROM deploys')).toMatchObject({ value: 3 }); // nothing was deleted
    expect(await readSource({ kind: 'sql', env: 'UNSET_URL', query: 'SELECT 1' }, { env: {} })).toMatchObject({
      reason: 'missing_env',
      detail: 'UNSET_URL is not set',
    });
  });
});
