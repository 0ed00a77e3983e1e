import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docToCsv, docToYaml, exportDoc } from '../../src/store/okrExport.js';
import { parseOkrText } from '../../src/okrs/format.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { recordCheckin } from '../../src/store/checkins.js';
import { getCycleByName } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { freshDb, rowsOf } from '../helpers/db.js';

const exampleText = readFileSync('examples/okrs.example.yaml', 'utf8');
const example = () => parseOkrText('okrs.example.yaml', exampleText);
const duringCycle = new Date('2027-01-05T12:00:00Z');
const realChanges = (r: { changes: Array<{ action: string }> }) => r.changes.filter((c) => c.action !== 'note');

describe('import', () => {
  it('adds the cycle, teams, objectives, KRs and owners', async () => {
    const { db } = await freshDb();
    const result = await importOkrs(db, example(), { now: duringCycle });
    expect(result.applied).toBe(true);
    const cycle = (await getCycleByName(db, '2027-Q1'))!;
    expect(cycle).toMatchObject({
      startDate: '2027-01-04',
      endDate: '2027-04-04',
      midDate: '2027-02-15',
      state: 'active',
    });
    expect((await rowsOf(db, 'teams')).map((t) => [t.name, t.timezone, t.checkinWeekday, t.checkinTime])).toEqual([
      ['Discovery', 'Europe/Berlin', 1, '10:00'],
      ['Platform', 'America/New_York', 2, '09:30'],
    ]);
    expect(await rowsOf(db, 'keyResults')).toHaveLength(10);
    expect((await rowsOf(db, 'people')).map((p) => p.email).sort()).toEqual([
      'ana@example.com',
      'ben@example.com',
      'chloe@example.com',
      'dev@example.com',
      'eli@example.com',
      'fay@example.com',
      'gus@example.com',
    ]);
    expect(await getKrInfo(db, cycle.id, 'o1-kr1')).toMatchObject({
      title: 'Increase weekly active users of advanced features from 5,000 to 8,000',
      baseline: 5000,
      target: 8000,
      ownerLabel: 'ana@example.com',
    });
  });

  it('plans a cycle that has not started yet', async () => {
    const { db } = await freshDb();
    await importOkrs(db, example(), { now: new Date('2026-11-21T12:00:00Z') });
    expect((await getCycleByName(db, '2027-Q1'))!.state).toBe('planned');
  });

  it('re-importing the same file changes nothing', async () => {
    const { db } = await freshDb();
    await importOkrs(db, example(), { now: duringCycle });
    const snapshot = async () => [
      await rowsOf(db, 'keyResults'),
      await rowsOf(db, 'teams'),
      await rowsOf(db, 'people'),
    ];
    const before = await snapshot();
    const again = await importOkrs(db, example(), { now: new Date('2027-01-06T12:00:00Z') });
    expect(realChanges(again)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('syncs by stable id: updates, adds, and stops what is missing without touching check-ins', async () => {
    const { db } = await freshDb();
    await importOkrs(db, example(), { now: duringCycle });
    const cycle = (await getCycleByName(db, '2027-Q1'))!;
    const kr3 = (await getKrInfo(db, cycle.id, 'O1-KR3'))!;
    await recordCheckin(db, { krId: kr3.id, week: 1, confidence: 1, evidence: 'slow start', authorId: kr3.ownerId });

    const doc = example();
    const o1 = doc.teams[0]!.objectives[0]!;
    o1.key_results[0]!.target = 9000;
    o1.key_results[0]!.owner = 'U0NEWOWNER';
    o1.title = 'Enable every team to discover and adopt advanced features';
    o1.key_results.splice(2, 1); // drop O1-KR3
    o1.key_results.push({
      id: 'O1-KR4',
      title: 'Increase advanced-feature trials from 300 to 900 a week',
      owner: 'ben@example.com',
      baseline: 300,
      target: 900,
      unit: undefined,
      status: undefined,
    });

    const result = await importOkrs(db, doc, { now: duringCycle });
    expect(result.changes.map((c) => `${c.action} ${c.subject}: ${c.detail}`)).toEqual([
      'update objective O1: title "Enable teams to discover and adopt advanced features" → "Enable every team to discover and adopt advanced features"',
      'add person U0NEWOWNER: new owner',
      'update O1-KR1: target 8000 → 9000',
      'update O1-KR1: owner "ana@example.com" → "U0NEWOWNER"',
      'add O1-KR4: "Increase advanced-feature trials from 300 to 900 a week", owner ben@example.com',
      'stop O1-KR3: missing from the file: marked stopped (check-ins kept)',
    ]);
    expect(await getKrInfo(db, cycle.id, 'O1-KR1')).toMatchObject({ target: 9000, ownerLabel: 'U0NEWOWNER' });
    expect((await getKrInfo(db, cycle.id, 'O1-KR3'))!.status).toBe('stopped');
    expect(await rowsOf(db, 'checkins')).toMatchObject([{ krId: kr3.id, evidence: 'slow start' }]);

    // The stopped KR stays stopped on the next import, with a note on how to resume it.
    const next = await importOkrs(db, doc, { now: duringCycle });
    expect(realChanges(next)).toEqual([]);
  });

  it('dry run plans but writes nothing', async () => {
    const { db } = await freshDb();
    const result = await importOkrs(db, example(), { dryRun: true, now: duringCycle });
    expect(result.applied).toBe(false);
    expect(result.changes.filter((c) => c.action === 'add')).toHaveLength(1 + 2 + 4 + 10 + 7);
    expect(await rowsOf(db, 'keyResults')).toEqual([]);
    expect(await rowsOf(db, 'people')).toEqual([]);
  });

  it('export → import changes nothing, in YAML and in CSV', async () => {
    const { db } = await freshDb();
    await importOkrs(db, example(), { now: duringCycle });
    const cycle = (await getCycleByName(db, '2027-Q1'))!;
    const yaml = docToYaml(await exportDoc(db, cycle));
    const csv = docToCsv(await exportDoc(db, cycle));
    expect(realChanges(await importOkrs(db, parseOkrText('export.yaml', yaml), { now: duringCycle }))).toEqual([]);
    expect(realChanges(await importOkrs(db, parseOkrText('export.csv', csv), { now: duringCycle }))).toEqual([]);
    // And the CSV carries the same document as the YAML.
    expect(parseOkrText('export.csv', csv)).toEqual(parseOkrText('export.yaml', yaml));
    // A fresh database fed the export ends up with the same export.
    const other = (await freshDb()).db;
    await importOkrs(other, parseOkrText('export.csv', csv), { now: duringCycle });
    expect(docToYaml(await exportDoc(other, (await getCycleByName(other, '2027-Q1'))!))).toBe(yaml);
  });
});

describe('import atomicity', () => {
  it('writes nothing when the database refuses a row late in the file', async () => {
    const { db } = await freshDb();
    const doc = example();
    // Bypass validation to make the second team's insert fail after the first team's rows went in.
    (doc.teams[1] as { checkin_day?: string }).checkin_day = 'someday';
    await expect(importOkrs(db, doc, { now: duringCycle })).rejects.toThrow();
    expect(await rowsOf(db, 'keyResults')).toEqual([]);
    expect(await rowsOf(db, 'teams')).toEqual([]);
    expect(await rowsOf(db, 'people')).toEqual([]);
  });
});
