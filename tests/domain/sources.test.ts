import { describe, expect, it } from 'vitest';
import { outOfRange, sourceSchema, valueAtCell, valueAtPointer, valueOfPrometheus } from '../../src/domain/sources.js';

describe('KR sources: shapes', () => {
  it('takes each kind as documented and says what is wrong with a bad one', () => {
    expect(sourceSchema.safeParse({ kind: 'prometheus', url: 'http://prom:9090', query: 'sum(up)' }).success).toBe(
      true,
    );
    expect(sourceSchema.safeParse({ kind: 'sql', env: 'METRICS_DB_URL', query: 'SELECT 1' }).success).toBe(true);
    expect(sourceSchema.safeParse({ kind: 'http', url: 'https://x.test/a.json', pointer: '/data/value' }).success).toBe(
      true,
    );
    expect(
      sourceSchema.safeParse({ kind: 'http', url: 'https://x.test/a.csv', cell: 'B2', token_env: 'T' }).success,
    ).toBe(true);
    const problems = (v: unknown) => {
      const r = sourceSchema.safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(problems({ kind: 'ftp', url: 'x' })).toEqual(['source kind must be prometheus, sql or http']);
    expect(problems({ kind: 'sql', env: 'postgres://u:secret@db/x', query: 'SELECT 1' })).toEqual([
      'must name an environment variable, like METRICS_DB_URL',
    ]);
    expect(problems({ kind: 'http', url: 'https://x.test/a', pointer: '/a', cell: 'B2' })).toEqual([
      'an http source needs exactly one of pointer (JSON) or cell (CSV)',
    ]);
    expect(problems({ kind: 'http', url: 'https://x.test/a', cell: '2B' })).toEqual([
      'cell must be a spreadsheet cell like B2',
    ]);
    expect(problems({ kind: 'prometheus', url: 'prom:9090', query: 'up' })).toEqual([
      'url must be a web address (http:// or https://)',
    ]);
  });
});

describe('KR sources: one number out of an answer', () => {
  it('follows a JSON Pointer (escapes included) and refuses what is not a number', () => {
    expect(valueAtPointer({ data: { 'a/b': [{ v: '5,350' }] } }, '/data/a~1b/0/v')).toEqual({ ok: true, value: 5350 });
    expect(valueAtPointer({ data: {} }, '/data/value')).toEqual({
      ok: false,
      reason: 'no_value',
      detail: 'nothing at /data/value',
    });
    expect(valueAtPointer({ v: 'n/a' }, '/v')).toEqual({
      ok: false,
      reason: 'not_a_number',
      detail: '/v is "n/a", not a number',
    });
  });

  it('reads a CSV cell as a published sheet answers (quotes, thousands separators)', () => {
    const csv = 'metric,value\n"Weekly users, advanced","5,350"\n';
    expect(valueAtCell(csv, 'B2')).toEqual({ ok: true, value: 5350 });
    expect(valueAtCell(csv, 'A2')).toMatchObject({ ok: false, reason: 'not_a_number' });
    expect(valueAtCell(csv, 'C9')).toEqual({ ok: false, reason: 'no_value', detail: 'nothing at C9' });
  });

  it('takes a Prometheus scalar or one-sample vector, and says why otherwise', () => {
    expect(
      valueOfPrometheus({
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: {}, value: [1, '0.125'] }] },
      }),
    ).toEqual({ ok: true, value: 0.125 });
    expect(valueOfPrometheus({ status: 'success', data: { resultType: 'scalar', result: [1, '42'] } })).toEqual({
      ok: true,
      value: 42,
    });
    expect(valueOfPrometheus({ status: 'success', data: { resultType: 'vector', result: [] } })).toMatchObject({
      ok: false,
      detail: 'the query returned 0 series; it must return one',
    });
    expect(valueOfPrometheus({ status: 'error', error: 'parse error at char 5' })).toEqual({
      ok: false,
      reason: 'query_error',
      detail: 'parse error at char 5',
    });
  });

  it('flags a value far outside baseline → target, either direction', () => {
    expect(outOfRange(9000, 1000, 8000)).toBe(false);
    expect(outOfRange(16_000, 1000, 8000)).toBe(true);
    expect(outOfRange(-7000, 1000, 8000)).toBe(true);
    expect(outOfRange(0.5, 5, 1)).toBe(false); // lead time down from 5 days to 1
    expect(outOfRange(12, 5, 1)).toBe(true);
    expect(outOfRange(12, null, 1)).toBe(false);
  });
});
