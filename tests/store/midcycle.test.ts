import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOkrText } from '../../src/okrs/format.js';
import { importOkrs } from '../../src/store/okrSync.js';
import { midcycleData } from '../../src/services/decisions.js';
import { recordCheckin } from '../../src/store/checkins.js';
import { getCycleByName } from '../../src/store/cycles.js';
import { recordDecision } from '../../src/store/decisions.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { listTeams } from '../../src/store/teams.js';
import { renderMidcycleText } from '../../src/views/digestText.js';
import { renderMidcyclePrompt } from '../../src/views/midcycle.js';
import { freshDb } from '../helpers/db.js';

const EXAMPLE = readFileSync('examples/okrs.example.yaml', 'utf8');

async function seeded() {
  const { db } = await freshDb();
  await importOkrs(db, parseOkrText('okrs.yaml', EXAMPLE), { now: new Date('2027-01-05T00:00:00Z') });
  const cycle = (await getCycleByName(db, '2027-Q1'))!;
  const kr = async (key: string) => (await getKrInfo(db, cycle.id, key))!;
  for (const key of ['O1-KR1', 'O1-KR2', 'O1-KR3'])
    await recordCheckin(db, {
      krId: (await kr(key)).id,
      week: 6,
      confidence: 1,
      evidence: 'behind plan',
      authorId: (await kr(key)).ownerId,
    });
  const team = (await listTeams(db)).find((t) => t.name === 'Discovery')!;
  return { db, cycle, kr, team };
}

/** Marks KRs stopped or paused the way a re-import does. */
async function reimportWith(db: Awaited<ReturnType<typeof seeded>>['db'], statuses: Record<string, string>) {
  let text = EXAMPLE;
  for (const [key, status] of Object.entries(statuses))
    text = text.replace(`id: ${key}\n`, `id: ${key}\n            status: ${status}\n`);
  const r = await importOkrs(db, parseOkrText('okrs.yaml', text), { now: new Date('2027-02-10T00:00:00Z') });
  expect(r.changes.filter((c) => c.action === 'update').length).toBe(Object.keys(statuses).length);
}

describe('the mid-cycle selection (prompt and demo alike)', () => {
  it('leaves out KRs stopped or paused by a re-import', async () => {
    const { db, cycle, team } = await seeded();
    expect((await midcycleData({ db }, cycle, team)).items.map((i) => i.kr.key)).toEqual([
      'O1-KR1',
      'O1-KR2',
      'O1-KR3',
    ]);
    await reimportWith(db, { 'O1-KR1': 'stopped', 'O1-KR2': 'paused' });
    const data = await midcycleData({ db }, cycle, team);
    expect(data.items.map((i) => i.kr.key)).toEqual(['O1-KR3']);
    const posted = JSON.stringify(renderMidcyclePrompt(data).blocks);
    expect(posted).not.toContain('O1-KR1');
    expect(posted).not.toContain('O1-KR2');
    expect(renderMidcycleText(data)).not.toMatch(/O1-KR[12]/);
  });

  it('keeps a KR stopped by a mid-cycle decision, showing the decision', async () => {
    const { db, cycle, kr, team } = await seeded();
    await recordDecision(db, {
      krId: (await kr('O1-KR1')).id,
      kind: 'stop',
      rationale: 'the lever does not exist',
      decidedBy: (await kr('O1-KR1')).ownerId!,
      proposal: false,
    });
    expect((await kr('O1-KR1')).status).toBe('stopped');
    const item = (await midcycleData({ db }, cycle, team)).items.find((i) => i.kr.key === 'O1-KR1')!;
    expect(item.decision).toMatchObject({ kind: 'stop', status: 'confirmed' });
    expect(JSON.stringify(renderMidcyclePrompt(await midcycleData({ db }, cycle, team)).blocks)).toContain(
      '*Stop* — Decided by',
    );
  });
});
