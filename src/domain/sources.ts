import { parse } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * Where a KR's number lives, so okrbot reads it instead of asking for it: a PromQL instant query, a
 * read-only SQL query (its database URL in an environment variable, never in the OKR file), or a
 * URL answering JSON (a JSON Pointer) or CSV (a cell, as a published Google Sheet). Pure: the
 * shapes, and getting one number out of what a source answered. Reading is services/sources.ts.
 */

const httpUrl = z
  .string({ message: 'url must be text' })
  .trim()
  .regex(/^https?:\/\/\S+$/, 'url must be a web address (http:// or https://)')
  .max(2000);
const envName = z
  .string()
  .trim()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'must name an environment variable, like METRICS_DB_URL');

export const sourceSchema = z
  .discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('prometheus'), url: httpUrl, query: z.string().trim().min(1).max(2000) }),
      z.strictObject({ kind: z.literal('sql'), env: envName, query: z.string().trim().min(1).max(4000) }),
      z.strictObject({
        kind: z.literal('http'),
        url: httpUrl,
        pointer: z
          .string()
          .regex(/^(\/[^/]*)*$/, 'pointer must be a JSON Pointer like /data/value')
          .optional(),
        cell: z
          .string()
          .trim()
          .regex(/^[A-Za-z]{1,3}[1-9]\d{0,6}$/, 'cell must be a spreadsheet cell like B2')
          .optional(),
        token_env: envName.optional(),
      }),
    ],
    { error: () => 'source kind must be prometheus, sql or http' },
  )
  .refine((s) => s.kind !== 'http' || (s.pointer === undefined) !== (s.cell === undefined), {
    message: 'an http source needs exactly one of pointer (JSON) or cell (CSV)',
  });

export type KrSource = z.infer<typeof sourceSchema>;
export type SourceKind = KrSource['kind'];

/** How a value's origin is shown: "from Prometheus", "from SQL (METRICS_DB_URL)", "from sheets.example.com". */
export function sourceLabel(s: KrSource): string {
  if (s.kind === 'prometheus') return 'Prometheus';
  if (s.kind === 'sql') return `SQL (${s.env})`;
  try {
    return new URL(s.url).host;
  } catch {
    return 'HTTP';
  }
}

export type Extracted =
  { ok: true; value: number } | { ok: false; reason: 'not_a_number' | 'no_value'; detail: string };

const numberFrom = (v: unknown, where: string): Extracted => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v.replace(/[,_\s]/g, '')) : NaN;
  if (v === undefined || v === null) return { ok: false, reason: 'no_value', detail: `nothing at ${where}` };
  return Number.isFinite(n)
    ? { ok: true, value: n }
    : { ok: false, reason: 'not_a_number', detail: `${where} is ${JSON.stringify(v).slice(0, 60)}, not a number` };
};

/** RFC 6901: `/data/0/value`, with `~1` for `/` and `~0` for `~`. */
export function valueAtPointer(doc: unknown, pointer: string): Extracted {
  let at: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (at === null || typeof at !== 'object')
      return { ok: false, reason: 'no_value', detail: `nothing at ${pointer}` };
    at = (at as Record<string, unknown>)[key];
  }
  return numberFrom(at, pointer || 'the document');
}

/** A cell of a CSV text (`B2`: second column, second row), quoted fields understood. */
export function valueAtCell(csv: string, cell: string): Extracted {
  const [, letters, digits] = /^([A-Za-z]+)(\d+)$/.exec(cell)!;
  const col = [...letters!.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const rows = parse(csv, { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  const row = rows[Number(digits) - 1];
  return numberFrom(row?.[col], cell.toUpperCase());
}

/** A Prometheus instant query's answer: a scalar, or a vector of exactly one sample. */
export function valueOfPrometheus(body: unknown): Extracted | { ok: false; reason: 'query_error'; detail: string } {
  const b = body as { status?: string; error?: string; data?: { resultType?: string; result?: unknown } };
  if (b?.status !== 'success')
    return { ok: false, reason: 'query_error', detail: b?.error ?? 'Prometheus refused the query' };
  const { resultType, result } = b.data ?? {};
  if (resultType === 'scalar') return numberFrom((result as [number, string])[1], 'the scalar');
  if (resultType === 'vector' && Array.isArray(result)) {
    if (result.length !== 1)
      return {
        ok: false,
        reason: 'no_value',
        detail: `the query returned ${result.length} series; it must return one`,
      };
    return numberFrom((result[0] as { value: [number, string] }).value[1], 'the sample');
  }
  return {
    ok: false,
    reason: 'no_value',
    detail: `a ${resultType ?? 'missing'} result; use a query returning one number`,
  };
}

/**
 * Far outside what the KR spans: below baseline or above target by more than the whole
 * baseline→target distance (either direction of KR). Shown with a warning, not charted silently.
 */
export function outOfRange(value: number, baseline: number | null, target: number | null): boolean {
  if (baseline === null || target === null || baseline === target) return false;
  const span = Math.abs(target - baseline);
  const [low, high] = baseline < target ? [baseline, target] : [target, baseline];
  return value < low - span || value > high + span;
}

/**
 * A source as typed in the KR form: the OKR file's own notation (a YAML flow mapping, so JSON works
 * too), e.g. `{ kind: http, url: https://…/v.json, pointer: /data/value }`. Empty: no source.
 */
export function sourceFromText(
  text: string | undefined,
): { ok: true; source: KrSource | null } | { ok: false; error: string } {
  if (!text?.trim()) return { ok: true, source: null };
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch {
    return {
      ok: false,
      error: 'Write it as { kind: http, url: https://…, pointer: /data/value } (see the OKR file guide).',
    };
  }
  const parsed = sourceSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, source: parsed.data }
    : { ok: false, error: parsed.error.issues.map((i) => i.message).join('; ') };
}

/** How a stored source is shown in the KR form again (the notation it is typed in). */
export function sourceText(stored: string | null): string | undefined {
  if (!stored) return undefined;
  const s = JSON.parse(stored) as Record<string, unknown>;
  return `{ ${Object.entries(s)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ')} }`;
}
