import { describe, expect, it } from 'vitest';
import { submitGrade } from '../../src/services/grading.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { getKrInfo } from '../../src/store/keyResults.js';
import { rowsOf } from '../helpers/db.js';
import { ADMIN } from '../helpers/bot.js';
import { makeStack } from '../helpers/stack.js';

describe('grading', () => {
  it('a stopped KR cannot be graded from any surface (submitGrade is the one rule), and nothing is written', async () => {
    const s = await makeStack({ now: '2027-04-01T10:00:00Z' });
    const cycle = (await getActiveCycle(s.deps.db))!;
    const kr = (await getKrInfo(s.deps.db, cycle.id, 'O1-KR2'))!;
    await s.deps.db.raw("UPDATE key_results SET status = 'stopped' WHERE id = ?", [kr.id]);
    const r = await submitGrade(s.deps, cycle, ADMIN, kr.id, '0.4', 'learned');
    expect(r).toEqual({ ok: false, error: "O1-KR2 is stopped: it needs no grade and counts in no objective's score." });
    expect((await rowsOf(s.deps.db, 'keyResults')).find((k) => k.id === kr.id)!.grade).toBeNull();
    const active = (await getKrInfo(s.deps.db, cycle.id, 'O1-KR1'))!;
    expect(await submitGrade(s.deps, cycle, ADMIN, active.id, '0.6')).toMatchObject({ ok: true, grade: 0.6 });
  });
});
