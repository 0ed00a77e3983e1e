import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOkrText } from '../../src/okrs/format.js';
import { reportData } from '../../src/services/report.js';
import { rollupData } from '../../src/services/rollup.js';
import { recordCheckin } from '../../src/store/checkins.js';
import { getCycleByName } from '../../src/store/cycles.js';
import { gradeKr } from '../../src/store/decisions.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { renderReportHtml } from '../../src/views/reportHtml.js';
import { renderRollup } from '../../src/views/rollup.js';
import { freshDb } from '../helpers/db.js';

const EXAMPLE = readFileSync('examples/okrs.example.yaml', 'utf8');

async function setup() {
  const { db } = await freshDb();
  await importOkrs(db, parseOkrText('okrs.yaml', EXAMPLE), { now: new Date('2027-01-04T09:00:00Z') });
  const cycle = (await getCycleByName(db, '2027-Q1'))!;
  return { db, cycle, kr: async (key: string) => (await getKrInfo(db, cycle.id, key))! };
}

describe('the roll-up at the cycle’s end', () => {
  it('carries the metrics for success over every team at the cycle’s end only (after grading)', async () => {
    const { db, cycle, kr } = await setup();
    await recordCheckin(db, {
      krId: (await kr('O1-KR1')).id,
      week: 13,
      confidence: 1,
      evidence: 'close',
      authorId: null,
    });
    await gradeKr(db, (await kr('O1-KR1')).id, 0.6, null, new Date('2027-04-04T10:00:00Z'), 'Activation was the lever');
    expect((await rollupData({ db }, cycle, 12)).metrics).toBeUndefined();
    expect((await rollupData({ db }, cycle, 13)).metrics).toBeUndefined(); // the weekly one: grades are not in yet
    const last = await rollupData({ db }, cycle, 13, { final: true });
    expect(last.metrics!.completion).toMatchObject({ value: 0, basis: '0 of 1 graded KRs at 0.7 or more' });
    expect(last.metrics!.checkinHealth.map((h) => h.team)).toEqual(['Discovery', 'Platform']);
    expect(renderRollup(last).text).toMatch(/^Leadership roll-up — 2027-Q1, cycle end: /);
    const text = JSON.stringify(renderRollup(last).blocks);
    expect(text).toContain('*Metrics for success*');
    expect(text).toContain('• Learning capture: 100 % (1 of 1 graded KRs with a learning recorded)');
  });
});

describe('the HTML report', () => {
  it('escapes everything people wrote and links only http(s) work', async () => {
    const { db, cycle, kr } = await setup();
    await recordCheckin(db, {
      krId: (await kr('O1-KR1')).id,
      week: 1,
      confidence: 0,
      evidence: '<script>alert(1)</script> & "quotes"',
      authorId: null,
    });
    const data = await reportData(db, cycle, new Date('2027-01-20T00:00:00Z'));
    data.teams[0]!.objectives[0]!.krs[0]!.links.push({ url: 'javascript:alert(2)', title: '<b>evil</b>' });
    const html = renderReportHtml(data, new Map());
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).not.toContain('<script');
    expect(html).toContain('<li>&lt;b&gt;evil&lt;/b&gt;</li>'); // shown, not linked
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<a href="https://jira.example.com/browse/DISC-12">Guided tour for advanced features</a>');
    expect(html).not.toContain('<img'); // no chart images given: none referenced
  });
});
