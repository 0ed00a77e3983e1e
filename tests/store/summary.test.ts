import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOkrText } from '../../src/okrs/format.js';
import { summaryData } from '../../src/services/grading.js';
import { getCycleByName } from '../../src/store/cycles.js';
import { recordDecision } from '../../src/store/decisions.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { listTeams } from '../../src/store/teams.js';
import { renderCycleSummary } from '../../src/views/grading.js';
import { freshDb } from '../helpers/db.js';

const EXAMPLE = readFileSync('examples/okrs.example.yaml', 'utf8');

describe('the cycle summary', () => {
  it('says when a stopped KR was stopped, by a decision or by a re-import, instead of "no data"', async () => {
    const { db } = await freshDb();
    await importOkrs(db, parseOkrText('okrs.yaml', EXAMPLE), { now: new Date('2027-01-04T09:00:00Z') });
    const cycle = (await getCycleByName(db, '2027-Q1'))!;
    const kr = async (key: string) => (await getKrInfo(db, cycle.id, key))!;
    await recordDecision(
      db,
      { krId: (await kr('O1-KR1')).id, kind: 'stop', rationale: 'pricing, not discovery', decidedBy: null },
      new Date('2027-02-16T10:00:00Z'),
    ); // week 7
    const withoutKr2 = EXAMPLE.replace(/ {10}- id: O1-KR2\n(?: {12}.*\n)+/, '');
    await importOkrs(db, parseOkrText('okrs.yaml', withoutKr2), { now: new Date('2027-03-02T10:00:00Z') }); // week 9
    expect(await kr('O1-KR2')).toMatchObject({ status: 'stopped', stoppedAt: '2027-03-02T10:00:00.000Z' });

    const team = (await listTeams(db)).find((t) => t.name === 'Discovery')!;
    const text = JSON.stringify(renderCycleSummary(await summaryData({ db }, cycle, team)).blocks);
    expect(text).toContain(
      '*O1-KR1* Increase weekly active users of advanced features from 5,000 to 8,000 — _stopped at week 7_',
    );
    expect(text).toMatch(/\*O1-KR2\* [^•]* — _stopped at week 9_/);
    expect(text).not.toMatch(/O1-KR[12][^•]*no data/);
  });
});
