import { externalRow } from '../db/externalQuery.js';
import { sourceLabel, valueAtCell, valueAtPointer, valueOfPrometheus, type KrSource } from '../domain/sources.js';

/**
 * Reads one KR's value from its source (domain/sources.ts), over the source's own protocol: the
 * Prometheus HTTP API, PostgreSQL or SQLite read-only, or an HTTP GET. Every failure is a reason
 * code with a detail, never a throw: a source that cannot be read must not hold up a DM.
 */

export const READ_TIMEOUT_MS = 10_000;

export type ReadFailure =
  'unreachable' | 'timeout' | 'http_status' | 'not_a_number' | 'no_value' | 'query_error' | 'missing_env';

export type SourceRead =
  { ok: true; value: number; label: string } | { ok: false; reason: ReadFailure; detail: string; label: string };

export interface ReadOptions {
  env: Record<string, string | undefined>;
  timeoutMs?: number;
}

export async function readSource(source: KrSource, o: ReadOptions): Promise<SourceRead> {
  const label = sourceLabel(source);
  try {
    const r =
      source.kind === 'sql'
        ? await readSql(source, o)
        : source.kind === 'prometheus'
          ? await readPrometheus(source, o)
          : await readHttp(source, o);
    return { ...r, label } as SourceRead;
  } catch (e) {
    return { ok: false, ...failureOf(e), label };
  }
}

function failureOf(e: unknown): { reason: ReadFailure; detail: string } {
  const err = e as Error & { name?: string; code?: string; cause?: { code?: string } };
  if (
    err?.name === 'TimeoutError' ||
    err?.name === 'AbortError' ||
    /timeout|canceling statement/i.test(err?.message ?? '')
  )
    return { reason: 'timeout', detail: `no answer within ${READ_TIMEOUT_MS / 1000} s` };
  const code = err?.cause?.code ?? err?.code;
  if (code && /^E(CONNREFUSED|NOTFOUND|CONNRESET|HOSTUNREACH|AI_AGAIN)$/.test(code))
    return { reason: 'unreachable', detail: `could not connect (${code})` };
  if (err instanceof TypeError && /fetch failed/.test(err.message))
    return { reason: 'unreachable', detail: 'could not connect' };
  return { reason: 'query_error', detail: (err?.message ?? String(e)).slice(0, 200) };
}

async function get(url: string, o: ReadOptions, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { headers, signal: AbortSignal.timeout(o.timeoutMs ?? READ_TIMEOUT_MS), redirect: 'follow' });
}

async function readPrometheus(s: Extract<KrSource, { kind: 'prometheus' }>, o: ReadOptions) {
  const url = `${s.url.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(s.query)}`;
  const res = await get(url, o, { accept: 'application/json' });
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok && !body) return { ok: false, reason: 'http_status', detail: `Prometheus answered ${res.status}` };
  return valueOfPrometheus(body);
}

async function readHttp(s: Extract<KrSource, { kind: 'http' }>, o: ReadOptions) {
  const token = s.token_env ? o.env[s.token_env] : undefined;
  if (s.token_env && !token) return { ok: false, reason: 'missing_env', detail: `${s.token_env} is not set` };
  const res = await get(s.url, o, token ? { authorization: `Bearer ${token}` } : {});
  if (!res.ok) return { ok: false, reason: 'http_status', detail: `${new URL(s.url).host} answered ${res.status}` };
  const text = await res.text();
  if (s.cell) return valueAtCell(text, s.cell);
  try {
    return valueAtPointer(JSON.parse(text), s.pointer!);
  } catch {
    return { ok: false, reason: 'not_a_number', detail: 'the answer is not JSON' };
  }
}

/** One number from a read-only query; the database URL comes from the environment variable the source names. */
async function readSql(s: Extract<KrSource, { kind: 'sql' }>, o: ReadOptions) {
  const url = o.env[s.env];
  if (!url) return { ok: false, reason: 'missing_env', detail: `${s.env} is not set` };
  const row = await externalRow(url, s.query, o.timeoutMs ?? READ_TIMEOUT_MS);
  if (!row) return { ok: false, reason: 'no_value', detail: 'the query returned no row' };
  const cells = Object.values(row);
  if (cells.length !== 1)
    return { ok: false, reason: 'no_value', detail: `the query returned ${cells.length} columns; it must return one` };
  return valueAtPointer({ v: cells[0] }, '/v');
}
