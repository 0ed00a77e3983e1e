import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { describe, expect, it } from 'vitest';
import { parseOkrText } from '../../src/okrs/format.js';
import { docToCsv, docToYaml, exportDoc } from '../../src/store/okrExport.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { getCycleByName } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { freshDb, tempDir } from '../helpers/db.js';

/** `source:` in the OKR file: validated with a clear message, stored, exported back (YAML and CSV) unchanged. */

const withSource = (source: string) =>
  readFileSync('examples/okrs.example.yaml', 'utf8').replace(
    'measurement: "Amplitude › Advanced features › weekly active users"',
    `measurement: "Amplitude › Advanced features › weekly active users"\n            source: ${source}`,
  );
const now = new Date('2027-01-05T12:00:00Z');

describe('KR sources in the OKR file', () => {
  it('round-trips through the database in YAML and CSV', async () => {
    const { db } = await freshDb();
    const source = '{ kind: prometheus, url: "http://prom:9090", query: "sum(rate(deploys_total[7d]))" }';
    await importOkrs(db, parseOkrText('okrs.yaml', withSource(source)), { now });
    const cycle = (await getCycleByName(db, '2027-Q1'))!;
    expect(JSON.parse((await getKrInfo(db, cycle.id, 'O1-KR1'))!.source!)).toEqual({
      kind: 'prometheus',
      url: 'http://prom:9090',
      query: 'sum(rate(deploys_total[7d]))',
    });
    const doc = await exportDoc(db, cycle);
    for (const [name, text] of [
      ['again.yaml', docToYaml(doc)],
      ['again.csv', docToCsv(doc)],
    ] as const) {
      const r = await importOkrs(db, parseOkrText(name, text), { now });
      expect(r.changes.filter((c) => c.action !== 'note')).toEqual([]);
    }
    // A changed source is a change like any field.
    const changed = await importOkrs(
      db,
      parseOkrText('okrs.yaml', withSource('{ kind: http, url: "https://x.test/v.json", pointer: /v }')),
      { now, dryRun: true },
    );
    expect(changed.changes.map((c) => `${c.action} ${c.subject}`)).toContain('update O1-KR1');
  });

  it('refuses a source of the wrong shape, saying where and what', () => {
    const problems = (source: string) => {
      try {
        parseOkrText('okrs.yaml', withSource(source));
        return [];
      } catch (e) {
        return (e as { problems: Array<{ where: string; message: string }> }).problems.map(
          (p) => `${p.where}: ${p.message}`,
        );
      }
    };
    expect(problems('{ kind: sql, env: "postgres://u:pw@db/x", query: "SELECT 1" }')).toEqual([
      'okrs.yaml:27: must name an environment variable, like METRICS_DB_URL',
    ]);
    expect(problems('{ kind: http, url: "https://x.test/a" }')).toEqual([
      expect.stringMatching(/^okrs\.yaml:\d+: an http source needs exactly one of pointer \(JSON\) or cell \(CSV\)$/),
    ]);
  });

  it('okrbot lint checks each source’s shape (exit 2, the line and what is wrong)', async () => {
    const path = join(tempDir(), 'okrs.yaml');
    writeFileSync(path, withSource('{ kind: prometheus, url: "prometheus:9090", query: "up" }'));
    const err: string[] = [];
    expect(await runCli(['lint', path], { out: () => {}, err: (l) => err.push(l), env: {} })).toBe(2);
    expect(err.join('\n')).toContain(
      'okrs.yaml:27 teams[0].objectives[0].key_results[0].source.url: url must be a web address (http:// or https://)',
    );
  });
});
