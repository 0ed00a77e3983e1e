import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOkrText } from '../../src/okrs/format.js';
import { chartCheckins } from '../../src/services/krValues.js';
import { listCheckins, recordCheckin } from '../../src/store/checkins.js';
import { getCycleByName } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { recordKrValues } from '../../src/store/krValues.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { freshDb } from '../helpers/db.js';

describe('a measured KR’s chart', () => {
  it('plots the value read from its source in a week whose check-in gave none; the owner’s own value wins', async () => {
    const { db } = await freshDb();
    const text = readFileSync('examples/okrs.example.yaml', 'utf8').replace(
      'measurement: "Amplitude › Advanced features › weekly active users"',
      'measurement: "Amplitude › Advanced features › weekly active users"\n            source: { kind: http, url: "https://x.test/v.json", pointer: /v }',
    );
    await importOkrs(db, parseOkrText('okrs.yaml', text), { now: new Date('2027-01-05T12:00:00Z') });
    const cycle = (await getCycleByName(db, '2027-Q1'))!;
    const kr = (await getKrInfo(db, cycle.id, 'O1-KR1'))!;
    const at = (d: string) => new Date(`${d}T10:00:00Z`);
    await recordCheckin(
      db,
      { krId: kr.id, week: 1, confidence: 2, evidence: 'a', value: 5100, authorId: kr.ownerId },
      at('2027-01-05'),
    );
    await recordCheckin(
      db,
      { krId: kr.id, week: 2, confidence: 2, evidence: 'b', value: null, authorId: kr.ownerId },
      at('2027-01-12'),
    );
    await recordKrValues(db, [
      { krId: kr.id, value: 5120, error: null, kind: 'http', readAt: '2027-01-04T09:00:00.000Z' }, // week 1
      { krId: kr.id, value: 5300, error: null, kind: 'http', readAt: '2027-01-11T09:00:00.000Z' }, // week 2
      { krId: kr.id, value: 90_000, error: null, kind: 'http', readAt: '2027-01-11T10:00:00.000Z' }, // far outside: not charted
    ]);
    const plotted = await chartCheckins(db, cycle, [kr], await listCheckins(db, [kr.id]));
    expect(plotted.map((c) => [c.week, c.value])).toEqual([
      [1, 5100],
      [2, 5300],
    ]);
    expect((await listCheckins(db, [kr.id])).map((c) => c.value)).toEqual([5100, null]); // stored answers untouched
  });
});
