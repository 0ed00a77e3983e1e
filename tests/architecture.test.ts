import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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
    const offenders = outside(['src/store/', 'src/db/']).filter((f) =>
      /from 'drizzle-orm'|\bprepared\(|\.prepare\(|\bdb\s*\.\s*(select|insert|update|delete)\(/.test(f.text),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('runs store queries through db.rows/first/exec/raw on db.t, which both databases have', () => {
    // .all()/.get()/.run() exist only on SQLite's builders, and schema.ts's tables are SQLite's.
    const code = (f: { text: string }) => f.text.replace(/^import type .*$/gm, '');
    const offenders = files.filter(
      (f) => f.path.startsWith('src/store/') && /\.(all|get|run)\(\)|from '\.\.\/db\/schema\.js'/.test(code(f)),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('sends every chat.* and views.* call through the gateway (services/delivery.ts, its modals in viewDelivery.ts)', () => {
    const offenders = outside(['src/services/delivery.ts', 'src/services/viewDelivery.ts']).filter((f) =>
      /client\.(chat|views)\./.test(f.text),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('uploads files only through services/chartUpload.ts', () => {
    const offenders = outside(['src/services/chartUpload.ts']).filter((f) =>
      /client\.files\.(upload|getUploadURLExternal|completeUploadExternal)/.test(f.text),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('keeps the domain core and the chart specs free of Slack and the database', () => {
    const offenders = files.filter(
      (f) =>
        (f.path.startsWith('src/domain/') || f.path.startsWith('src/charts/')) &&
        /from '(@slack\/|drizzle-orm|better-sqlite3)|\/store\/|\/db\//.test(f.text),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('keeps views pure: they import no service and no store (services hand them data)', () => {
    const offenders = files.filter(
      (f) => f.path.startsWith('src/views/') && /from '\.\.\/(services|store|slack)\//.test(f.text),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('keeps Slack an adapter: src/slack reads and writes nothing in the store itself', () => {
    const offenders = files.filter((f) => f.path.startsWith('src/slack/') && /from '(\.\.\/)+store\//.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(files.map((f) => [f.path, importsOf(f)]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (node: string): void => {
      state.set(node, 'open');
      stack.push(node);
      for (const next of graph.get(node) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(node, 'done');
    };
    for (const f of files) if (!state.has(f.path)) visit(f.path);
    expect(cycles).toEqual([]);
  });

  it('keeps source files within 300 lines (the two schema files excepted)', () => {
    const long = files.filter((f) => !/src\/db\/schema(\.pg)?\.ts$/.test(f.path) && f.text.split('\n').length > 301);
    expect(long.map((f) => `${f.path}: ${f.text.split('\n').length - 1} lines`)).toEqual([]);
  });
});

/** The project files a source file imports (relative imports, `import type` included). */
function importsOf(f: { path: string; text: string }): string[] {
  const known = new Set(files.map((x) => x.path));
  return [...f.text.matchAll(/^(?:import|export)(?:\s+type)?[^'";]*?from\s+'(\.[^']+)'/gm)]
    .map((m) => relative('.', join(dirname(f.path), m[1]!.replace(/\.js$/, '.ts'))))
    .filter((p) => known.has(p));
}
