import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOkrText } from '../../src/okrs/format.js';
import { OkrFileError } from '../../src/okrs/schema.js';
import { docToCsv, docToYaml, exportDoc } from '../../src/store/okrExport.js';
import { getCycleByName } from '../../src/store/cycles.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { freshDb, rowsOf } from '../helpers/db.js';

/** A team's cadence, escalation and leads in the OKR file: read, stored, written back, refused when wrong. */

const example = readFileSync('examples/okrs.example.yaml', 'utf8');
const withSettings = (settings: string) =>
  example.replace('    checkin_time: "10:00"\n', `    checkin_time: "10:00"\n${settings}`);
const now = new Date('2027-01-05T12:00:00Z');

function problemsOf(text: string): string[] {
  try {
    parseOkrText('okrs.yaml', text);
    return [];
  } catch (e) {
    if (e instanceof OkrFileError) return e.problems.map((p) => `${p.where}: ${p.message}`);
    throw e;
  }
}

describe('cadence, escalation and leads in the OKR file', () => {
  it('are imported, listed as changes, and exported in YAML and CSV', async () => {
    const { db } = await freshDb();
    const doc = parseOkrText(
      'okrs.yaml',
      withSettings('    checkin_cadence: biweekly\n    escalate_after_weeks: 2\n    leads: [U0FAY]\n'),
    );
    const result = await importOkrs(db, doc, { now });
    expect(result.changes.find((c) => c.subject === 'team Discovery')?.detail).toContain(
      'cadence biweekly, escalate after (weeks) 2, leads U0FAY',
    );
    expect((await rowsOf(db, 'teams')).find((t) => t.name === 'Discovery')).toMatchObject({
      checkinCadence: 'biweekly',
      escalateAfterWeeks: 2,
      leadUserIds: 'U0FAY',
    });
    const out = await exportDoc(db, (await getCycleByName(db, '2027-Q1'))!);
    const yaml = docToYaml(out);
    expect(yaml).toContain('checkin_cadence: biweekly');
    expect(yaml).toContain('escalate_after_weeks: 2');
    // Written back, the file reads the same; CSV carries them as columns.
    expect(parseOkrText('again.yaml', yaml).teams[0]).toMatchObject({
      checkin_cadence: 'biweekly',
      escalate_after_weeks: 2,
      leads: ['U0FAY'],
    });
    const csv = docToCsv(out);
    expect(parseOkrText('again.csv', csv).teams[0]).toMatchObject({ checkin_cadence: 'biweekly', leads: ['U0FAY'] });
    // escalate_after_weeks: off turns it off again.
    await importOkrs(db, parseOkrText('okrs.yaml', withSettings('    escalate_after_weeks: "off"\n')), { now });
    expect((await rowsOf(db, 'teams')).find((t) => t.name === 'Discovery')!.escalateAfterWeeks).toBeNull();
  });

  it('refuses a wrong cadence, escalation or lead with the line and the rule', () => {
    expect(problemsOf(withSettings('    checkin_cadence: monthly\n'))).toEqual([
      expect.stringMatching(/checkin_cadence must be weekly or biweekly/),
    ]);
    expect(problemsOf(withSettings('    escalate_after_weeks: 12\n')).join()).toMatch(
      /escalate_after_weeks must be 1 to 8 or off/,
    );
    expect(problemsOf(withSettings('    leads: [ana@example.com]\n')).join()).toMatch(
      /leads must be Slack user ids like U012AB3CD/,
    );
  });
});
