import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The shape the README promises, checked: SQL only in src/store (and src/db), Slack output only through the gateway. */

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const files = sources('src').map((path) => ({ path: relative('.', path), text: readFileSync(path, 'utf8') }));
const outside = (prefixes: string[]) => files.filter((f) => !prefixes.some((p) => f.path.startsWith(p)));

describe('architecture', () => {
  it('keeps queries in src/store (and the opener in src/db)', () => {
    const offenders = outside(['src/store/', 'src/db/']).filter((f) => /from 'drizzle-orm'|\bprepared\(|\.prepare\(|\bdb\s*\.\s*(select|insert|update|delete)\(/.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('runs store queries through db.rows/first/exec/raw on db.t, which both databases have', () => {
    // .all()/.get()/.run() exist only on SQLite's builders, and schema.ts's tables are SQLite's.
    const code = (f: { text: string }) => f.text.replace(/^import type .*$/gm, '');
    const offenders = files.filter((f) => f.path.startsWith('src/store/') && /\.(all|get|run)\(\)|from '\.\.\/db\/schema\.js'/.test(code(f)));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('sends every chat.* and views.* call through services/delivery.ts', () => {
    const offenders = outside(['src/services/delivery.ts']).filter((f) => /client\.(chat|views)\./.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('uploads files only through services/chartUpload.ts', () => {
    const offenders = outside(['src/services/chartUpload.ts']).filter((f) => /client\.files\.(upload|getUploadURLExternal|completeUploadExternal)/.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('keeps the domain core and the chart specs free of Slack and the database', () => {
    const offenders = files.filter((f) => (f.path.startsWith('src/domain/') || f.path.startsWith('src/charts/')) && /from '(@slack\/|drizzle-orm|better-sqlite3)|\/store\/|\/db\//.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });
});
